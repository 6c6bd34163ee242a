package io.dtvb.simulator;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.regex.Pattern;

/** JSON-line logging on stderr; strips token secrets from anything path-like. */
public final class SimLog {
  private static final Pattern SECRET_PART =
      Pattern.compile("(dt0[a-zA-Z][0-9]{2}\\.[A-Za-z0-9]+)\\.[A-Za-z0-9]+");

  private SimLog() {}

  /** Writes one info line: {@code @timestamp}, {@code @level}, {@code @module}, {@code @message} + fields. */
  public static void info(String message, JsonObject fields) {
    JsonObject line = new JsonObject().put("@timestamp", Instant.now().toString()).put("@level", "info")
        .put("@module", "simulator").put("@message", message);
    if (fields != null) {
      line.mergeIn(fields);
    }
    System.err.println(line.encode());
  }

  /** Replaces the secret part of any classic token in {@code text} with {@code ***}. */
  public static String redact(String text) {
    return text == null ? null : SECRET_PART.matcher(text).replaceAll("$1.***");
  }
}
