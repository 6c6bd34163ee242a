package io.dtvb.dynatrace;

/**
 * A failed Dynatrace call, classified: {@code retryable} for network errors, timeouts, 429 and 5xx;
 * not retryable for 400/401/403 and the like, with Dynatrace's own message.
 */
public class DynatraceException extends RuntimeException {
  private final int status;
  private final boolean retryable;

  /** status is the HTTP status from Dynatrace, or 0 when no response arrived. */
  public DynatraceException(int status, boolean retryable, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.retryable = retryable;
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
}
