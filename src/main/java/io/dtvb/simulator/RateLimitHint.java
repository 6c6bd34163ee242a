package io.dtvb.simulator;

import java.util.Locale;

/**
 * Which wait hint a simulated 429 carries ({@code hint} on {@code /_sim/faults}, snake_case). The reset
 * instant is {@code retry_after_s} seconds after the simulated clock's now.
 */
public enum RateLimitHint {
  /** {@code Retry-After} (seconds), {@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining: 0} and
   * {@code X-RateLimit-Reset} in epoch microseconds (the default, as before). */
  RETRY_AFTER,
  /** Only {@code X-RateLimit-Reset} in epoch microseconds, plus {@code X-RateLimit-Limit}. */
  RESET_MICROS,
  /** Only {@code X-RateLimit-Reset} in epoch seconds, plus {@code X-RateLimit-Limit} as requests per
   * second (reported for Dynatrace's config-as-code client since 2024; not in the fact sheet, so treat
   * it as field-reported but unverified). */
  RESET_SECONDS,
  /** No hint header at all. */
  NONE;

  /** The snake_case name used in JSON. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a snake_case (any case) name. */
  public static RateLimitHint fromJson(String raw) {
    return valueOf(raw.trim().toUpperCase(Locale.ROOT));
  }
}
