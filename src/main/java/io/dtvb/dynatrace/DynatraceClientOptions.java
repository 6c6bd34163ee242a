package io.dtvb.dynatrace;

import java.time.Clock;
import java.time.Duration;

/**
 * Client tuning: connect timeout, per-call timeout (idle and overall; keep it well under Vault's 90 s
 * request limit), how early a cached OAuth bearer is refreshed before it expires, and the clock used
 * for that decision.
 */
public record DynatraceClientOptions(
    Duration connectTimeout, Duration requestTimeout, Duration bearerRefreshMargin, Clock clock) {

  /** 5 s connect, 30 s per call, refresh bearers 30 s early, system clock. */
  public static DynatraceClientOptions defaults() {
    return new DynatraceClientOptions(Duration.ofSeconds(5), Duration.ofSeconds(30),
        Duration.ofSeconds(30), Clock.systemUTC());
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
  }

  public DynatraceClientOptions withConnectTimeout(Duration value) {
    return new DynatraceClientOptions(value, requestTimeout, bearerRefreshMargin, clock);
  }

  public DynatraceClientOptions withRequestTimeout(Duration value) {
    return new DynatraceClientOptions(connectTimeout, value, bearerRefreshMargin, clock);
  }

  public DynatraceClientOptions withBearerRefreshMargin(Duration value) {
    return new DynatraceClientOptions(connectTimeout, requestTimeout, value, clock);
  }

  public DynatraceClientOptions withClock(Clock value) {
    return new DynatraceClientOptions(connectTimeout, requestTimeout, bearerRefreshMargin, value);
  }
}
