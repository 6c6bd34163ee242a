package io.dtvb.dynatrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Rate-limit hints: Retry-After (seconds or HTTP date) first, then X-RateLimit-Reset (µs); junk ignored. */
class RetryAfterHeadersTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

  @Test
  void retryAfterSecondsAndHttpDate() {
    assertEquals(Duration.ofSeconds(7), DynatraceErrors.retryAfter("7", null, clock));
    assertEquals(Duration.ofSeconds(90), DynatraceErrors.retryAfter("Tue, 01 Jan 2030 00:01:30 GMT", null, clock));
    assertEquals(Duration.ZERO, DynatraceErrors.retryAfter("Mon, 31 Dec 2029 23:00:00 GMT", null, clock));
  }

  @Test
  void rateLimitResetInMicrosecondsWhenThereIsNoRetryAfter() {
    long micros = Instant.parse("2030-01-01T00:00:02.500Z").toEpochMilli() * 1000L;
    assertEquals(Duration.ofMillis(2500), DynatraceErrors.retryAfter(null, Long.toString(micros), clock));
    assertEquals(Duration.ofSeconds(3), DynatraceErrors.retryAfter("3", Long.toString(micros), clock));
  }

  @Test
  void malformedHintsAreIgnored() {
    assertNull(DynatraceErrors.retryAfter("soon", null, clock));
    assertNull(DynatraceErrors.retryAfter(null, "tomorrow", clock));
    assertEquals(Duration.ZERO, DynatraceErrors.retryAfter("-5", null, clock));
    long micros = Instant.parse("2030-01-01T00:00:01Z").toEpochMilli() * 1000L;
    assertEquals(Duration.ofSeconds(1), DynatraceErrors.retryAfter("junk", Long.toString(micros), clock));
  }
}
