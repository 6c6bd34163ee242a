package io.dtvb.dynatrace;

import java.time.Duration;
import java.util.Optional;

/**
 * A failed Dynatrace call, classified: {@code retryable} for network errors, timeouts, 429 and 5xx;
 * not retryable for 400/401/403 and the like, with Dynatrace's own message.
 */
public class DynatraceException extends RuntimeException {
  private final int status;
  private final boolean retryable;
  private final Duration retryAfter;

  /** status is the HTTP status from Dynatrace, or 0 when no response arrived. */
  public DynatraceException(int status, boolean retryable, String message, Throwable cause) {
    this(status, retryable, message, cause, null);
  }

  /**
   * As above, with the wait Dynatrace asked for (Retry-After or X-RateLimit-Reset on a 429); null when
   * it gave none. A back-off policy can honour it.
   */
  public DynatraceException(int status, boolean retryable, String message, Throwable cause,
      Duration retryAfter) {
    super(message, cause);
    this.status = status;
    this.retryable = retryable;
    this.retryAfter = retryAfter;
  }

  public DynatraceException(int status, boolean retryable, String message) {
    this(status, retryable, message, null);
  }

  public int status() {
    return status;
  }

  public boolean retryable() {
    return retryable;
  }

  /** The wait Dynatrace asked for before retrying, when it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
