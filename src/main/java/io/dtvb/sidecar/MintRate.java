package io.dtvb.sidecar;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The policy's per-connection mint rate: one token bucket per connection id. */
final class MintRate {
  private final double perSecond;
  private final int burst;
  private final Map<String, double[]> buckets = new ConcurrentHashMap<>();
  private final java.util.function.LongSupplier nanoTime;

  MintRate(double perSecond, int burst) {
    this(perSecond, burst, System::nanoTime);
  }

  /** A rate on another clock (tests: a clock that does not move while they take). */
  MintRate(double perSecond, int burst, java.util.function.LongSupplier nanoTime) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.nanoTime = nanoTime;
  }

  /** Takes one mint from the connection's bucket, or refuses with rate_limited. */
  void take(String connectionId) {
    double[] b = buckets.computeIfAbsent(connectionId, k -> new double[] {burst, nanoTime.getAsLong()});
    synchronized (b) {
      long now = nanoTime.getAsLong();
      b[0] = Math.min(burst, b[0] + (now - b[1]) / 1e9 * perSecond);
      b[1] = now;
      if (b[0] < 1) {
        throw new ApiError(io.dtvb.sidecarapi.ErrorKind.RATE_LIMITED, 0, "sidecar policy rule \"mint_rate\": "
            + "connection \"" + connectionId + "\" may mint " + perSecond + " tokens per second (burst " + burst
            + "); retry in a moment");
      }
      b[0] -= 1;
    }
  }
}
