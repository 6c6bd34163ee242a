package io.dtvb.simulator;

import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Set;

/**
 * One injected fault: what to do ({@link Mode}), to how many matching requests ({@code count}, -1 = until
 * cleared), and for which path prefix (null = every API, account and SSO path; {@code /_sim/} is never
 * affected). Rate limits carry a {@link RateLimitHint}; bad requests a body shape ({@link #body}).
 *
 * <p>JSON form ({@code POST /_sim/faults}): {@code mode, count, status, latency_ms, path_prefix,
 * retry_after_s, hint, body}.
 */
public record FaultSpec(Mode mode, int count, int status, long latencyMs, String pathPrefix,
    int retryAfterSeconds, RateLimitHint hint, String body) {

  /** Path of the SSO token endpoint, the natural {@code path_prefix} of {@link Mode#BAD_REQUEST}. */
  public static final String SSO_TOKEN_PATH = SsoRoutes.TOKEN_PATH;
  /** {@code body} shape: {@code {"error":"invalid_request","error_description":"..."}} (OAuth). */
  public static final String BODY_OAUTH = "oauth";
  /** {@code body} shape: {@code {"errorCode":400,"message":"Bad Request","issueId":"<uuid>"}}. */
  public static final String BODY_ERROR_CODE = "error_code";
  /** {@code body} shape: a bare {@code text/plain} {@code Bad Request}. */
  public static final String BODY_TEXT = "text";
  private static final Set<String> BODIES = Set.of(BODY_OAUTH, BODY_ERROR_CODE, BODY_TEXT);

  /** Kinds of fault. */
  public enum Mode {
    /** No fault. */
    NONE,
    /** 429 "Too many requests." in the path's envelope, with the {@link RateLimitHint} headers. */
    RATE_LIMIT,
    /** A 5xx in the path's envelope ({@code status}). */
    SERVER_ERROR,
    /** Delay by {@code latencyMs}, then answer normally. */
    LATENCY,
    /** Close the connection without any HTTP response. */
    OUTAGE,
    /** A 4xx ({@code status}, default 400) with the {@link #body} shape; meant for the SSO endpoint. */
    BAD_REQUEST
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
    if (mode == Mode.BAD_REQUEST && (status < 400 || status > 499 || status == 429)) {
      throw new IllegalArgumentException("status must be a 4xx code other than 429 for bad_request");
    }
    if (mode == Mode.LATENCY && latencyMs <= 0) {
      throw new IllegalArgumentException("latency_ms must be positive for latency");
    }
    if (retryAfterSeconds < 0) {
      throw new IllegalArgumentException("retry_after_s must not be negative");
    }
    hint = hint == null ? RateLimitHint.RETRY_AFTER : hint;
    if (mode == Mode.BAD_REQUEST) {
      body = body == null ? BODY_OAUTH : body.toLowerCase(Locale.ROOT);
      if (!BODIES.contains(body)) {
        throw new IllegalArgumentException("body must be one of oauth, error_code, text");
      }
    } else {
      body = null;
    }
  }

  /** The six-field form of earlier versions: hint {@code retry_after}, no body shape. */
  public FaultSpec(Mode mode, int count, int status, long latencyMs, String pathPrefix, int retryAfterSeconds) {
    this(mode, count, status, latencyMs, pathPrefix, retryAfterSeconds, RateLimitHint.RETRY_AFTER, null);
  }

  /** 429 for the next {@code count} requests, {@code Retry-After: 1} and the other default headers. */
  public static FaultSpec rateLimit(int count) {
    return rateLimit(count, RateLimitHint.RETRY_AFTER, 1);
  }

  /** 429 for the next {@code count} requests with the given hint, resetting after {@code retryAfterSeconds}. */
  public static FaultSpec rateLimit(int count, RateLimitHint hint, int retryAfterSeconds) {
    return new FaultSpec(Mode.RATE_LIMIT, count, 429, 0, null, retryAfterSeconds, hint, null);
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

  /**
   * 400 with body shape {@code body} ({@link #BODY_OAUTH}, {@link #BODY_ERROR_CODE}, {@link #BODY_TEXT})
   * for the next {@code count} requests to the SSO token path ({@link #SSO_TOKEN_PATH}; change it
   * with {@link #onPath}).
   */
  public static FaultSpec badRequest(int count, String body) {
    return new FaultSpec(Mode.BAD_REQUEST, count, 400, 0, SSO_TOKEN_PATH, 0, null, body);
  }

  /** The same fault, limited to paths starting with {@code prefix}. */
  public FaultSpec onPath(String prefix) {
    return new FaultSpec(mode, count, status, latencyMs, prefix, retryAfterSeconds, hint, body);
  }

  /** The same fault with {@code remaining} as its count (for the switch's view). */
  FaultSpec withCount(int remaining) {
    return new FaultSpec(mode, remaining, status, latencyMs, pathPrefix, retryAfterSeconds, hint, body);
  }

  /** Parses the {@code POST /_sim/faults} body; throws IllegalArgumentException when invalid. */
  public static FaultSpec fromJson(JsonObject o) {
    try {
      String raw = o.getString("mode");
      if (raw == null) {
        throw new IllegalArgumentException("mode is required");
      }
      Mode mode = Mode.valueOf(raw.toUpperCase(Locale.ROOT));
      int defaultStatus = switch (mode) {
        case SERVER_ERROR -> 503;
        case RATE_LIMIT -> 429;
        case BAD_REQUEST -> 400;
        default -> 0;
      };
      String hint = o.getString("hint");
      return new FaultSpec(mode, o.getInteger("count", -1), o.getInteger("status", defaultStatus),
          o.getLong("latency_ms", 0L), o.getString("path_prefix"),
          o.getInteger("retry_after_s", mode == Mode.RATE_LIMIT ? 1 : 0),
          hint == null ? null : RateLimitHint.fromJson(hint), o.getString("body"));
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("invalid field type: " + e.getMessage());
    }
  }

  /** The snake_case JSON form (as accepted by {@code POST /_sim/faults}). */
  public JsonObject toJson() {
    return new JsonObject().put("mode", mode.name().toLowerCase(Locale.ROOT)).put("count", count)
        .put("status", status).put("latency_ms", latencyMs).put("path_prefix", pathPrefix)
        .put("retry_after_s", retryAfterSeconds).put("hint", hint.jsonName()).put("body", body);
  }
}
