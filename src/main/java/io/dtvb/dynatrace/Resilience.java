package io.dtvb.dynatrace;

import java.time.Duration;

/**
 * How a connection's client copes with a struggling Dynatrace: retries with jittered exponential
 * back-off (honouring Retry-After and X-RateLimit-Reset), a circuit breaker, bounded concurrency,
 * and an overall budget per call that stays well under Vault's 90 s request limit.
 *
 * @param maxAttempts attempts per call, the first included
 * @param baseDelay first back-off; doubles per attempt
 * @param maxDelay largest back-off; a server hint longer than this ends the retries
 * @param budget time a call may take in total, attempts and waits included
 * @param breakerThreshold consecutive failed attempts (5xx or no answer; retries count, 429 does not)
 *     that open the breaker
 * @param breakerOpenFor how long an open breaker rejects calls before one probe goes through
 * @param maxConcurrent calls in flight per connection
 * @param maxQueued calls waiting for a slot; more are refused at once (retryable)
 * @param listener observer for metrics
 */
public record Resilience(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration budget,
    int breakerThreshold, Duration breakerOpenFor, int maxConcurrent, int maxQueued, DynatraceCallListener listener) {

  /**
   * 4 attempts, 250 ms doubling to 8 s, 50 s budget (the plugin waits 60 s for the sidecar, so the
   * sidecar answers first), breaker after 5 failures for 30 s, 8 in flight, 1000 queued.
   */
  public static Resilience defaults() {
    return new Resilience(4, Duration.ofMillis(250), Duration.ofSeconds(8), Duration.ofSeconds(50), 5,
        Duration.ofSeconds(30), 8, 1000, DynatraceCallListener.NONE);
  }

  public Resilience {
    if (maxAttempts < 1 || maxConcurrent < 1 || maxQueued < 0 || breakerThreshold < 1) {
      throw new IllegalArgumentException("attempts, concurrency and breaker threshold must be at least 1");
    }
    if (budget.compareTo(Duration.ofSeconds(85)) > 0) {
      throw new IllegalArgumentException("budget must stay under Vault's 90 s request limit");
    }
    listener = listener == null ? DynatraceCallListener.NONE : listener;
  }

  public Resilience withAttempts(int attempts, Duration base, Duration max) {
    return new Resilience(attempts, base, max, budget, breakerThreshold, breakerOpenFor, maxConcurrent, maxQueued, listener);
  }

  public Resilience withBreaker(int threshold, Duration openFor) {
    return new Resilience(maxAttempts, baseDelay, maxDelay, budget, threshold, openFor, maxConcurrent, maxQueued, listener);
  }

  public Resilience withConcurrency(int concurrent, int queued) {
    return new Resilience(maxAttempts, baseDelay, maxDelay, budget, breakerThreshold, breakerOpenFor, concurrent, queued,
        listener);
  }

  public Resilience withListener(DynatraceCallListener value) {
    return new Resilience(maxAttempts, baseDelay, maxDelay, budget, breakerThreshold, breakerOpenFor, maxConcurrent,
        maxQueued, value);
  }

  /**
   * The wait before attempt {@code attempt + 1} (attempt counts from 1): equal jitter over
   * {@code min(maxDelay, baseDelay · 2^(attempt-1))} — between half and all of it — or the
   * server's hint when it gave a positive one. A zero hint (Retry-After: 0, or a rate-limit reset
   * already in the past) is no usable hint: the computed back-off applies, so a throttled client
   * never retries in a tight loop. {@code random} is in [0, 1).
   */
  public Duration delayAfter(int attempt, Duration serverHint, double random) {
    if (serverHint != null && serverHint.compareTo(Duration.ZERO) > 0) {
      return serverHint;
    }
    long cap = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(attempt - 1, 20));
    return Duration.ofMillis(cap / 2 + (long) (random * (cap - cap / 2)));
  }
}
