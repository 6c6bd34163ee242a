package io.dtvb.dynatrace;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One connection's circuit breaker: CLOSED lets calls through; {@code threshold} consecutive failed
 * calls OPEN it, and it then refuses calls at once for {@code openFor}; after that it is HALF_OPEN
 * and lets one probe through, whose success closes it and whose failure opens it again.
 */
public final class CircuitBreaker {

  /** The breaker's states. */
  public enum State { CLOSED, OPEN, HALF_OPEN }

  private final int threshold;
  private final Duration openFor;
  private final Clock clock;
  private final DynatraceCallListener listener;
  private State state = State.CLOSED;
  private int failures;
  private Instant openedAt;
  private boolean probing;

  public CircuitBreaker(int threshold, Duration openFor, Clock clock, DynatraceCallListener listener) {
    this.threshold = threshold;
    this.openFor = openFor;
    this.clock = clock;
    this.listener = listener;
  }

  /** True when a call may go through now (in HALF_OPEN, only one probe at a time). */
  public synchronized boolean allow() {
    if (state == State.OPEN && !clock.instant().isBefore(openedAt.plus(openFor))) {
      move(State.HALF_OPEN);
    }
    if (state == State.CLOSED) {
      return true;
    }
    if (state == State.HALF_OPEN && !probing) {
      probing = true;
      return true;
    }
    return false;
  }

  /** When an open breaker lets the next probe through. */
  public synchronized Instant retryAt() {
    return state == State.OPEN ? openedAt.plus(openFor) : clock.instant();
  }

  public synchronized void onSuccess() {
    failures = 0;
    probing = false;
    if (state != State.CLOSED) {
      move(State.CLOSED);
    }
  }

  public synchronized void onFailure() {
    probing = false;
    failures++;
    if (state == State.HALF_OPEN || (state == State.CLOSED && failures >= threshold)) {
      openedAt = clock.instant();
      move(State.OPEN);
    }
  }

  public synchronized State state() {
    return state;
  }

  private void move(State next) {
    state = next;
    listener.onBreakerState(next);
  }
}
