package io.dtvb.dynatrace;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Runs one connection's Dynatrace calls under its {@link Resilience}: at most {@code maxConcurrent}
 * at once (the rest queue, bounded), none while the breaker is open, and retryable failures retried
 * with back-off inside the call's budget.
 *
 * <p>What is retried: 429 and 5xx answers, and for idempotent calls (GET, DELETE, lookup) also a
 * missing answer (refused or dropped connection, timeout). A create is retried after a missing
 * answer only when the connection was refused (the request never reached Dynatrace): after a
 * timeout or reset Dynatrace may have created the token, so the failure goes back to the plugin,
 * whose write-ahead entry names the token and whose rollback deletes it if it exists. A 429 or 503
 * to a create means it was not processed, so it is retried.
 */
final class ResilientCalls {
  private final Vertx vertx;
  private final Resilience policy;
  private final Clock clock;
  private final CircuitBreaker breaker;
  private final Deque<Runnable> queue = new ArrayDeque<>();
  private int inFlight;

  ResilientCalls(Vertx vertx, Resilience policy, Clock clock) {
    this.vertx = vertx;
    this.policy = policy;
    this.clock = clock;
    this.breaker = new CircuitBreaker(policy.breakerThreshold(), policy.breakerOpenFor(), clock, policy.listener());
  }

  CircuitBreaker breaker() {
    return breaker;
  }

  /** Completes once no call is in flight or queued, or after {@code atMost}. */
  Future<Void> whenIdle(Duration atMost) {
    Promise<Void> idle = Promise.promise();
    long deadline = System.nanoTime() + atMost.toNanos();
    checkIdle(idle, deadline);
    return idle.future();
  }

  private void checkIdle(Promise<Void> idle, long deadline) {
    boolean busy;
    synchronized (this) {
      busy = inFlight > 0 || !queue.isEmpty();
    }
    if (!busy || System.nanoTime() >= deadline) {
      idle.tryComplete();
    } else {
      vertx.setTimer(20, t -> checkIdle(idle, deadline));
    }
  }

  /** Runs {@code attempt} (one try of the call) with the policy; {@code idempotent} decides retries after no answer. */
  <T> Future<T> run(String what, boolean idempotent, Supplier<Future<T>> attempt) {
    Promise<T> result = Promise.promise();
    Instant deadline = clock.instant().plus(policy.budget());
    Runnable start = () -> {
      policy.listener().onInFlight(1);
      tryOnce(what, idempotent, attempt, 1, deadline, result);
    };
    synchronized (this) {
      if (inFlight < policy.maxConcurrent()) {
        inFlight++;
        vertx.runOnContext(v -> start.run());
      } else if (queue.size() < policy.maxQueued()) {
        queue.add(start);
      } else {
        policy.listener().onRejected(what, "queue full");
        return Future.failedFuture(new DynatraceException(0, true, "Dynatrace call " + what + " refused: "
            + policy.maxConcurrent() + " calls in flight and " + policy.maxQueued() + " waiting for this connection"));
      }
    }
    return result.future().andThen(ar -> release());
  }

  private void release() {
    policy.listener().onInFlight(-1);
    Runnable next;
    synchronized (this) {
      next = queue.poll();
      if (next == null) {
        inFlight--;
        return;
      }
    }
    vertx.runOnContext(v -> next.run());
  }

  private <T> void tryOnce(String what, boolean idempotent, Supplier<Future<T>> attempt, int n, Instant deadline,
      Promise<T> result) {
    if (!breaker.allow()) {
      policy.listener().onRejected(what, "breaker open");
      result.fail(new DynatraceException(0, true, "Dynatrace call " + what + " not tried: the circuit breaker for"
          + " this connection is open after repeated failures; next try at " + breaker.retryAt()));
      return;
    }
    Future<T> call;
    try {
      call = attempt.get();
    } catch (RuntimeException e) {
      call = Future.failedFuture(e);
    }
    call.onSuccess(v -> {
      breaker.onSuccess();
      result.complete(v);
    }).onFailure(err -> {
      if (!(err instanceof DynatraceException d) || !d.retryable()) {
        breaker.onSuccess(); // Dynatrace answered: it is up, the request was wrong
        result.fail(err);
        return;
      }
      if (d.status() == 429) {
        policy.listener().onThrottled(what); // busy, not broken: back-off handles it, the breaker does not count it
      } else {
        breaker.onFailure();
      }
      Duration delay = policy.delayAfter(n, d.retryAfter().orElse(null), ThreadLocalRandom.current().nextDouble());
      boolean again = n < policy.maxAttempts() && mayRetry(d, idempotent)
          && delay.compareTo(policy.maxDelay()) <= 0 && clock.instant().plus(delay).isBefore(deadline);
      if (!again) {
        result.fail(n == 1 ? d : new DynatraceException(d.status(), true,
            d.getMessage() + " (after " + n + " attempts)", d.getCause(), d.retryAfter().orElse(null)));
        return;
      }
      policy.listener().onRetry(what, n, d.status(), delay);
      vertx.setTimer(Math.max(1, delay.toMillis()),
          t -> tryOnce(what, idempotent, attempt, n + 1, deadline, result));
    });
  }

  /** Idempotent calls retry every retryable failure; a create only those that prove it was not processed. */
  private static boolean mayRetry(DynatraceException d, boolean idempotent) {
    if (idempotent) {
      return true;
    }
    return d.status() == 429 || d.status() == 503
        || (d.status() == 0 && d.getCause() instanceof java.net.ConnectException);
  }
}
