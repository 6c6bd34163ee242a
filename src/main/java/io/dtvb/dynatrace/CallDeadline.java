package io.dtvb.dynatrace;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** Fails a call that has not completed within the per-call timeout, even if data trickles in. */
final class CallDeadline {
  private final Vertx vertx;
  private final Duration timeout;

  CallDeadline(Vertx vertx, Duration timeout) {
    this.vertx = vertx;
    this.timeout = timeout;
  }

  <T> Future<T> apply(Future<T> call) {
    Promise<T> promise = Promise.promise();
    long timer = vertx.setTimer(timeout.toMillis(),
        id -> promise.tryFail(new TimeoutException("no complete answer within " + timeout.toMillis() + " ms")));
    call.onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        promise.tryComplete(ar.result());
      } else {
        promise.tryFail(ar.cause());
      }
    });
    return promise.future();
  }
}
