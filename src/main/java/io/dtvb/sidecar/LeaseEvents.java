package io.dtvb.sidecar;

import io.vertx.core.json.JsonObject;

/**
 * Where the sidecar records every upstream action (minted, revoked, already_gone, failures). The
 * signed lease log plugs in here; today the events are structured log lines. Never a token value.
 */
public interface LeaseEvents {

  void record(String event, JsonObject fields);

  /** Writes events as JSON lines on stderr. */
  static LeaseEvents logging() {
    return (event, fields) -> SidecarLog.log("info", "lease event", fields.copy().put("event", event));
  }
}
