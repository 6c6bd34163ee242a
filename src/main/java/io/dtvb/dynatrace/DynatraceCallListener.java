package io.dtvb.dynatrace;

import java.time.Duration;

/** Observes a client's resilience decisions (for metrics); every method has a no-op default. */
public interface DynatraceCallListener {

  /** A listener that does nothing. */
  DynatraceCallListener NONE = new DynatraceCallListener() { };

  /** A failed attempt will be retried after {@code delay}; status 0 = no response. */
  default void onRetry(String what, int attempt, int status, Duration delay) { }

  /** Dynatrace answered 429. */
  default void onThrottled(String what) { }

  /** The connection's breaker changed state. */
  default void onBreakerState(CircuitBreaker.State state) { }

  /** A call was refused without reaching Dynatrace (breaker open, queue full). */
  default void onRejected(String what, String why) { }

  /** Calls of this connection now in flight. */
  default void onInFlight(int delta) { }
}
