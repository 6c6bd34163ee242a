package io.dtvb.dynatrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Rate-limit hints: Retry-After (seconds or HTTP date) first, then X-RateLimit-Reset, whose unit is
 * decided by magnitude (delta-seconds, epoch seconds, epoch milliseconds, epoch microseconds); junk ignored.
 */
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

  @Test
  void rateLimitResetInEpochSecondsIsNotMistakenForMicroseconds() {
    long seconds = Instant.parse("2030-01-01T00:00:05Z").getEpochSecond();
    assertEquals(Duration.ofSeconds(5), DynatraceErrors.retryAfter(null, Long.toString(seconds), clock));
    assertEquals(Duration.ofMillis(1500), DynatraceErrors.retryAfter(null, (seconds - 4) + ".5", clock));
  }

  @Test
  void rateLimitResetInEpochMilliseconds() {
    long millis = Instant.parse("2030-01-01T00:00:00.750Z").toEpochMilli();
    assertEquals(Duration.ofMillis(750), DynatraceErrors.retryAfter(null, Long.toString(millis), clock));
  }

  @Test
  void aSmallRateLimitResetCannotBeAnAbsoluteTimeAndIsDeltaSeconds() {
    assertEquals(Duration.ofSeconds(30), DynatraceErrors.retryAfter(null, "30", clock));
    assertEquals(Duration.ZERO, DynatraceErrors.retryAfter(null, "0", clock));
    assertEquals(Duration.ofSeconds(999_999_999), DynatraceErrors.retryAfter(null, "999999999", clock));
  }

  @Test
  void eachMagnitudeBoundaryPicksTheNextUnit() {
    MutableClock epoch = new MutableClock(Instant.EPOCH);
    assertEquals(Duration.ofSeconds(1_000_000_000L), DynatraceErrors.retryAfter(null, "1000000000", epoch));
    assertEquals(Duration.ofMillis(100_000_000_000L), DynatraceErrors.retryAfter(null, "100000000000", epoch));
    assertEquals(Duration.ofNanos(100_000_000_000_000_000L),
        DynatraceErrors.retryAfter(null, "100000000000000", epoch));
  }

  @Test
  void aResetInThePastIsZeroAndNegativeOrMissingHintsAreNone() {
    long past = Instant.parse("2029-12-31T23:59:00Z").getEpochSecond();
    assertEquals(Duration.ZERO, DynatraceErrors.retryAfter(null, Long.toString(past), clock));
    assertNull(DynatraceErrors.retryAfter(null, "-3", clock));
    assertNull(DynatraceErrors.retryAfter(null, null, clock));
    assertNull(DynatraceErrors.retryAfter(null, "", clock));
  }

  @Test
  void retryAfterWinsOverEveryResetShape() {
    long seconds = Instant.parse("2030-01-01T00:00:05Z").getEpochSecond();
    assertEquals(Duration.ofSeconds(2), DynatraceErrors.retryAfter("2", Long.toString(seconds), clock));
    assertEquals(Duration.ofSeconds(2), DynatraceErrors.retryAfter("2", Long.toString(seconds * 1000), clock));
    assertEquals(Duration.ofSeconds(5), DynatraceErrors.retryAfter("later", Long.toString(seconds), clock));
  }
}
