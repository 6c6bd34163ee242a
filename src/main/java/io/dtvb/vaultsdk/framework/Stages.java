package io.dtvb.vaultsdk.framework;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits on a request thread for a stage that completes elsewhere (an event loop that read Vault's
 * or the sidecar's answer). A failure comes back as it was raised: an unchecked exception as
 * itself, a checked one inside an {@link IllegalStateException}; a stage that does not complete in
 * time fails the wait with one that says who did not answer.
 */
public final class Stages {
  private Stages() {}

  public static <T> T await(CompletionStage<T> stage, Duration timeout, String whoAnswers) {
    try {
      return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw unchecked(e.getCause());
    } catch (TimeoutException e) {
      throw notAnswered(whoAnswers, timeout, e);
    }
  }

  /** The failure of a wait or a stage that was bounded by {@code timeout} and ran out. */
  public static IllegalStateException notAnswered(String whoAnswers, Duration timeout, Throwable cause) {
    return new IllegalStateException(whoAnswers + " did not answer within " + timeout.toSeconds() + "s", cause);
  }

  /** The cause a stage failed with, unwrapped from the completion wrappers around it. */
  public static Throwable cause(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof java.util.concurrent.CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static RuntimeException unchecked(Throwable failure) {
    Throwable cause = cause(failure);
    if (cause instanceof Error err) {
      throw err;
    }
    return cause instanceof RuntimeException re ? re : new IllegalStateException(cause.getMessage(), cause);
  }
}
