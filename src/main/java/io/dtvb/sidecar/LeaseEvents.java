package io.dtvb.sidecar;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Where the sidecar records every upstream action (minted, revoked, already_gone, failures, …).
 * {@link #record} completes once the event is durable, or once a failure to store it has been
 * reported (logged, counted); it never fails, so a recorded action's answer always reaches the
 * plugin. Never a token value.
 */
public interface LeaseEvents {

  Future<Void> record(String event, JsonObject fields);

  /** Writes events as JSON lines on stderr (no lease log). */
  static LeaseEvents logging() {
    return (event, fields) -> {
      SidecarLog.log("info", "lease event", fields.copy().put("event", event));
      return Future.succeededFuture();
    };
  }
}
