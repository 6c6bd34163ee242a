package io.dtvb.dynatrace;

import java.time.Duration;
import java.util.Optional;

/**
 * A failed Dynatrace call, classified: {@code retryable} for network errors, timeouts, 429 and 5xx;
 * not retryable for 400/401/403 and the like, with Dynatrace's own message.
 *
 * <p>{@link #classicCreationRetired()} marks the answer of a "Phase 3" environment to a classic token
 * create: 400 "Creation of new tokens is now only available in Account Management." [field-reported;
 * that classic creation is disabled in Phase 3 is documented, the envelope of the answer is inferred].
 */
public class DynatraceException extends RuntimeException {
  private final int status;
  private final boolean retryable;
  private final Duration retryAfter;
  private final boolean classicCreationRetired;

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
    this(status, retryable, message, cause, retryAfter, false);
  }

  /**
   * As above, also saying whether this is a Phase 3 environment's refusal of a classic token create
   * (see {@link #classicCreationRetired()}); fakes of {@link DynatraceTokenApi} in tests can build one.
   */
  public DynatraceException(int status, boolean retryable, String message, Throwable cause,
      Duration retryAfter, boolean classicCreationRetired) {
    super(message, cause);
    this.status = status;
    this.retryable = retryable;
    this.retryAfter = retryAfter;
    this.classicCreationRetired = classicCreationRetired;
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

  /**
   * True when Dynatrace refused a classic token create ({@code POST /apiTokens}, also through the
   * platform proxy) because classic token creation is retired in this environment ("Phase 3"): a 400
   * whose message says creation is "only available in Account Management". Mint platform tokens
   * through the Account Management API instead ({@link PlatformTokenApi}). Any other 400 is false.
   */
  public boolean classicCreationRetired() {
    return classicCreationRetired;
  }
}
