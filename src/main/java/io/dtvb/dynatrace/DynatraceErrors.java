package io.dtvb.dynatrace;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.net.ConnectException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

  /** What a Phase 3 environment answers to a classic token create [field-reported]; matched case-insensitively. */
  static final String CLASSIC_CREATION_RETIRED = "only available in Account Management";

  /**
   * As {@link #fromResponse}, for the classic create call: a 400 whose message says creation is only
   * available in Account Management is marked {@link DynatraceException#classicCreationRetired()}.
   */
  static DynatraceException fromClassicCreate(String what, HttpResponse<Buffer> response, Clock clock) {
    DynatraceException e = fromResponse(what, response, clock);
    boolean retired = e.status() == 400
        && detail(response).toLowerCase(java.util.Locale.ROOT).contains(CLASSIC_CREATION_RETIRED.toLowerCase(java.util.Locale.ROOT));
    return retired ? new DynatraceException(400, false, e.getMessage() + " (classic token creation is retired in this"
        + " environment: mint platform tokens through the Account Management API)", null, null, true) : e;
  }

  /**
   * Dynatrace's message: the environment API's error.message plus every constraint violation as
   * {@code path: message}, the Account Management API's top-level message, or the start of a text body.
   */
  static String detail(HttpResponse<Buffer> response) {
    return ErrorBodies.apiDetail(response.body());
  }

  /** Retry-After if present, else X-RateLimit-Reset (see {@link #retryAfter(String, String, Clock)}), else null. */
  static Duration retryAfter(HttpResponse<Buffer> response, Clock clock) {
    return retryAfter(response.getHeader("Retry-After"), response.getHeader("X-RateLimit-Reset"), clock);
  }

  /**
   * The wait a 429 asks for: Retry-After as delta-seconds or an HTTP date (it wins when usable), else
   * X-RateLimit-Reset; a malformed or negative header is ignored (null), a time in the past is zero.
   *
   * <p>X-RateLimit-Reset is documented as an epoch timestamp in microseconds, but Dynatrace's own
   * configuration-as-code client reads it as Unix seconds since 2024 [field-reported], so its unit
   * is decided by magnitude: below 10^9 it cannot be an absolute time (that would be before 2001) and
   * is taken as delta-seconds; below 10^11 epoch seconds; below 10^14 epoch milliseconds; else epoch
   * microseconds. Fractions are accepted.
   */
  static Duration retryAfter(String retryAfter, String rateLimitReset, Clock clock) {
    Duration hint = null;
    if (retryAfter != null) {
      hint = parseRetryAfter(retryAfter.trim(), clock);
    }
    if (hint == null && rateLimitReset != null) {
      hint = parseRateLimitReset(rateLimitReset.trim(), clock);
    }
    return hint;
  }

  private static final BigDecimal DELTA_BELOW = BigDecimal.valueOf(1_000_000_000L);
  private static final BigDecimal SECONDS_BELOW = BigDecimal.valueOf(100_000_000_000L);
  private static final BigDecimal MILLIS_BELOW = BigDecimal.valueOf(100_000_000_000_000L);

  private static Duration parseRateLimitReset(String value, Clock clock) {
    BigDecimal n;
    try {
      n = new BigDecimal(value);
    } catch (NumberFormatException e) {
      return null;
    }
    if (n.signum() < 0 || n.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      return null;
    }
    try {
      if (n.compareTo(DELTA_BELOW) < 0) {
        return Duration.ofNanos(n.movePointRight(9).longValue());
      }
      BigDecimal nanos = n.compareTo(SECONDS_BELOW) < 0 ? n.movePointRight(9)
          : n.compareTo(MILLIS_BELOW) < 0 ? n.movePointRight(6) : n.movePointRight(3);
      BigInteger[] secondsAndNanos = nanos.toBigInteger().divideAndRemainder(BigInteger.valueOf(1_000_000_000L));
      return until(Instant.ofEpochSecond(secondsAndNanos[0].longValueExact(), secondsAndNanos[1].longValueExact()),
          clock);
    } catch (ArithmeticException | java.time.DateTimeException e) {
      return null;
    }
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
