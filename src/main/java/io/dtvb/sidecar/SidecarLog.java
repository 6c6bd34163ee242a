package io.dtvb.sidecar;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** JSON-line logging on stderr for the sidecar; callers never pass secrets. */
final class SidecarLog {
  private SidecarLog() {}

  static void log(String level, String message, JsonObject fields) {
    JsonObject line = new JsonObject().put("@timestamp", Instant.now().toString()).put("@level", level)
        .put("@module", "sidecar").put("@message", message);
    if (fields != null) {
      line.mergeIn(fields);
    }
    synchronized (SidecarLog.class) {
      System.err.println(line.encode());
    }
  }
}
