package io.dtvb.simulator;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * One injected fault: what to do ({@link Mode}), to how many matching requests ({@code count}, -1 = until
 * cleared), and for which path prefix (null = every API and SSO path; {@code /_sim/} is never affected).
 */
public record FaultSpec(Mode mode, int count, int status, long latencyMs, String pathPrefix,
    int retryAfterSeconds) {

  /** Kinds of fault. */
  public enum Mode {
    /** No fault. */
    NONE,
    /** 429 with ErrorEnvelope, Retry-After and X-RateLimit-* headers. */
    RATE_LIMIT,
    /** A 5xx ErrorEnvelope ({@code status}). */
    SERVER_ERROR,
    /** Delay by {@code latencyMs}, then answer normally. */
    LATENCY,
    /** Close the connection without any HTTP response. */
    OUTAGE
  }

  public FaultSpec {
    if (mode == null) {
      throw new IllegalArgumentException("mode is required");
    }
    if (count == 0 || count < -1) {
      throw new IllegalArgumentException("count must be a positive number of requests or -1 (until cleared)");
    }
    if (mode == Mode.SERVER_ERROR && (status < 500 || status > 599)) {
      throw new IllegalArgumentException("status must be a 5xx code for server_error");
    }
    if (mode == Mode.LATENCY && latencyMs <= 0) {
      throw new IllegalArgumentException("latency_ms must be positive for latency");
    }
    if (retryAfterSeconds < 0) {
      throw new IllegalArgumentException("retry_after_s must not be negative");
    }
  }

  /** 429 for the next {@code count} requests. */
  public static FaultSpec rateLimit(int count) {
    return new FaultSpec(Mode.RATE_LIMIT, count, 429, 0, null, 1);
  }

  /** {@code status} (5xx) for the next {@code count} requests. */
  public static FaultSpec serverError(int status, int count) {
    return new FaultSpec(Mode.SERVER_ERROR, count, status, 0, null, 0);
  }

  /** Delay the next {@code count} requests by {@code latencyMs}. */
  public static FaultSpec latency(long latencyMs, int count) {
    return new FaultSpec(Mode.LATENCY, count, 0, latencyMs, null, 0);
  }

  /** Drop the connection of the next {@code count} requests. */
  public static FaultSpec outage(int count) {
    return new FaultSpec(Mode.OUTAGE, count, 0, 0, null, 0);
  }

  /** The same fault, limited to paths starting with {@code prefix}. */
  public FaultSpec onPath(String prefix) {
    return new FaultSpec(mode, count, status, latencyMs, prefix, retryAfterSeconds);
  }

  /** Parses the {@code POST /_sim/faults} body; throws IllegalArgumentException when invalid. */
  public static FaultSpec fromJson(JsonObject o) {
    try {
      String raw = o.getString("mode");
      if (raw == null) {
        throw new IllegalArgumentException("mode is required");
      }
      Mode mode = Mode.valueOf(raw.toUpperCase(Locale.ROOT));
      int status = o.getInteger("status", mode == Mode.SERVER_ERROR ? 503 : mode == Mode.RATE_LIMIT ? 429 : 0);
      return new FaultSpec(mode, o.getInteger("count", -1), status, o.getLong("latency_ms", 0L),
          o.getString("path_prefix"), o.getInteger("retry_after_s", mode == Mode.RATE_LIMIT ? 1 : 0));
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("invalid field type: " + e.getMessage());
    }
  }

  /** The snake_case JSON form (as accepted by {@code POST /_sim/faults}). */
  public JsonObject toJson() {
    return new JsonObject().put("mode", mode.name().toLowerCase(Locale.ROOT)).put("count", count)
        .put("status", status).put("latency_ms", latencyMs).put("path_prefix", pathPrefix)
        .put("retry_after_s", retryAfterSeconds);
  }
}
