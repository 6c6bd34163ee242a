package io.dtvb.dynatrace;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/** Classifies failed calls into {@link DynatraceException}: transient ones retryable, the rest not. */
final class DynatraceErrors {
  private DynatraceErrors() {}

  /** No HTTP answer: network error, refused connection, dropped connection or timeout (status 0). */
  static DynatraceException noResponse(String what, Throwable cause, Duration timeout) {
    String reason;
    if (isTimeout(cause)) {
      reason = "no answer within " + timeout.toMillis() + " ms (timed out)";
    } else if (cause instanceof ConnectException) {
      reason = "cannot connect (" + cause.getMessage() + ")";
    } else {
      reason = "connection failed (" + cause.getClass().getSimpleName()
          + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + ")";
    }
    return new DynatraceException(0, true, "Dynatrace call " + what + " failed: " + reason, cause);
  }

  /** An HTTP answer Dynatrace gave that is not the expected success. */
  static DynatraceException fromResponse(String what, HttpResponse<Buffer> response, Clock clock) {
    int status = response.statusCode();
    boolean retryable = status == 429 || status >= 500;
    String detail = detail(response);
    String message = "Dynatrace answered " + status + " to " + what + (detail.isEmpty() ? "" : ": " + detail);
    Duration retryAfter = status == 429 ? retryAfter(response, clock) : null;
    return new DynatraceException(status, retryable, message, null, retryAfter);
  }

  /** Dynatrace's error.message plus every constraint violation as {@code path: message}. */
  static String detail(HttpResponse<Buffer> response) {
    JsonObject error = errorObject(response);
    if (error == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(String.valueOf(error.getValue("message", "")));
    Object raw = error.getValue("constraintViolations");
    if (raw instanceof JsonArray violations && !violations.isEmpty()) {
      List<String> parts = new ArrayList<>();
      for (Object v : violations) {
        if (v instanceof JsonObject cv) {
          String path = cv.getValue("path") == null ? "" : cv.getValue("path") + ": ";
          parts.add(path + cv.getValue("message", ""));
        }
      }
      b.append(" [").append(String.join("; ", parts)).append(']');
    }
    return b.toString().trim();
  }

  private static JsonObject errorObject(HttpResponse<Buffer> response) {
    try {
      Buffer body = response.body();
      if (body == null || body.length() == 0) {
        return null;
      }
      Object error = new JsonObject(body).getValue("error");
      return error instanceof JsonObject e ? e : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Retry-After (seconds) if present, else X-RateLimit-Reset (epoch microseconds), else null. */
  static Duration retryAfter(HttpResponse<Buffer> response, Clock clock) {
    return retryAfter(response.getHeader("Retry-After"), response.getHeader("X-RateLimit-Reset"), clock);
  }

  /**
   * The wait a 429 asks for: Retry-After as delta-seconds or an HTTP date, else X-RateLimit-Reset
   * in epoch microseconds; a malformed header is ignored (null), a time in the past is zero.
   */
  static Duration retryAfter(String retryAfter, String rateLimitReset, Clock clock) {
    Duration hint = null;
    if (retryAfter != null) {
      hint = parseRetryAfter(retryAfter.trim(), clock);
    }
    if (hint == null && rateLimitReset != null) {
      try {
        long micros = Long.parseLong(rateLimitReset.trim());
        hint = until(Instant.ofEpochSecond(micros / 1_000_000L, (micros % 1_000_000L) * 1000L), clock);
      } catch (NumberFormatException | java.time.DateTimeException e) {
        hint = null;
      }
    }
    return hint;
  }

  private static Duration parseRetryAfter(String value, Clock clock) {
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
    } catch (NumberFormatException e) {
      try {
        return until(java.time.ZonedDateTime.parse(value, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
            .toInstant(), clock);
      } catch (java.time.DateTimeException ex) {
        return null;
      }
    }
  }

  private static Duration until(Instant at, Clock clock) {
    Duration wait = Duration.between(clock.instant(), at);
    return wait.isNegative() ? Duration.ZERO : wait;
  }

  static boolean isTimeout(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof TimeoutException || c.getClass().getSimpleName().contains("Timeout")) {
        return true;
      }
    }
    return false;
  }
}
