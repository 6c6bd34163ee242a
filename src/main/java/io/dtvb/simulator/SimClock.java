package io.dtvb.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The simulator's notion of "now": a base clock plus an offset that tests can move forward. */
public final class SimClock {
  private final Clock base;
  private final AtomicLong offsetMillis = new AtomicLong();

  public SimClock(Clock base) {
    this.base = base;
  }

  /** The current simulated instant, truncated to milliseconds like Dynatrace's dates. */
  public Instant now() {
    return base.instant().plusMillis(offsetMillis.get()).truncatedTo(ChronoUnit.MILLIS);
  }

  /** Moves simulated time forward (tokens and bearers expire accordingly). */
  public void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("the simulated clock only moves forward");
    }
    offsetMillis.addAndGet(by.toMillis());
  }
}
