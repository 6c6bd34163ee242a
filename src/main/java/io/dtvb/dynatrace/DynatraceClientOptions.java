package io.dtvb.dynatrace;

import java.time.Clock;
import java.time.Duration;

/**
 * Client tuning: connect timeout, per-attempt timeout, how early a cached OAuth bearer is refreshed
 * before it expires, the clock used for that decision and for back-off, and the {@link Resilience}
 * policy (retries, breaker, concurrency, overall budget under Vault's 90 s request limit).
 */
public record DynatraceClientOptions(
    Duration connectTimeout, Duration requestTimeout, Duration bearerRefreshMargin, Clock clock, Resilience resilience) {

  /** 5 s connect, 30 s per call, refresh bearers 30 s early, system clock. */
  public static DynatraceClientOptions defaults() {
    return new DynatraceClientOptions(Duration.ofSeconds(5), Duration.ofSeconds(30),
        Duration.ofSeconds(30), Clock.systemUTC(), Resilience.defaults());
  }

  public DynatraceClientOptions {
    if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive");
    }
    if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive");
    }
    if (bearerRefreshMargin == null || bearerRefreshMargin.isNegative()) {
      throw new IllegalArgumentException("bearerRefreshMargin must not be negative");
    }
    if (clock == null) {
      throw new IllegalArgumentException("clock is required");
    }
    resilience = resilience == null ? Resilience.defaults() : resilience;
  }

  public DynatraceClientOptions withConnectTimeout(Duration value) {
    return new DynatraceClientOptions(value, requestTimeout, bearerRefreshMargin, clock, resilience);
  }

  public DynatraceClientOptions withRequestTimeout(Duration value) {
    return new DynatraceClientOptions(connectTimeout, value, bearerRefreshMargin, clock, resilience);
  }

  public DynatraceClientOptions withBearerRefreshMargin(Duration value) {
    return new DynatraceClientOptions(connectTimeout, requestTimeout, value, clock, resilience);
  }

  public DynatraceClientOptions withClock(Clock value) {
    return new DynatraceClientOptions(connectTimeout, requestTimeout, bearerRefreshMargin, value, resilience);
  }

  public DynatraceClientOptions withResilience(Resilience value) {
    return new DynatraceClientOptions(connectTimeout, requestTimeout, bearerRefreshMargin, clock, value);
  }
}
