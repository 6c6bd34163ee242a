package io.dtvb.vaultsdk.plugin;

import io.dtvb.vaultsdk.framework.Stages;
import io.vertx.core.Future;
import java.time.Duration;

/** Waits for a Vert.x future from a worker thread (never from an event loop). */
final class Blocking {
  private Blocking() {}

  static <T> T await(Future<T> future, Duration timeout) {
    return Stages.await(future.toCompletionStage(), timeout, "Vault");
  }
}
