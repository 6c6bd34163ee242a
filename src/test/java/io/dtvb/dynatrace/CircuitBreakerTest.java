package io.dtvb.dynatrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The breaker's state machine on a hand-moved clock. */
class CircuitBreakerTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final List<CircuitBreaker.State> seen = new ArrayList<>();
  private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(30), clock, new DynatraceCallListener() {
    @Override
    public void onBreakerState(CircuitBreaker.State state) {
      seen.add(state);
    }
  });

  @Test
  void opensAfterTheThresholdOfConsecutiveFailuresAndRejectsUntilTheCoolDownEnds() {
    breaker.onFailure();
    breaker.onFailure();
    breaker.onSuccess();
    breaker.onFailure();
    breaker.onFailure();
    assertTrue(breaker.allow(), "a success in between resets the count");
    breaker.onFailure();

    assertEquals(CircuitBreaker.State.OPEN, breaker.state());
    assertFalse(breaker.allow());
    assertEquals(Instant.parse("2030-01-01T00:00:30Z"), breaker.retryAt());
    clock.advance(Duration.ofSeconds(29));
    assertFalse(breaker.allow());
  }

  @Test
  void halfOpenLetsOneProbeThroughWhoseSuccessCloses() {
    for (int i = 0; i < 3; i++) {
      breaker.onFailure();
    }
    clock.advance(Duration.ofSeconds(30));

    assertTrue(breaker.allow());
    assertFalse(breaker.allow(), "only one probe at a time");
    breaker.onSuccess();

    assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
    assertTrue(breaker.allow());
    assertEquals(List.of(CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN, CircuitBreaker.State.CLOSED), seen);
  }

  @Test
  void aFailedProbeOpensAgainForAFullCoolDown() {
    for (int i = 0; i < 3; i++) {
      breaker.onFailure();
    }
    clock.advance(Duration.ofSeconds(31));
    assertTrue(breaker.allow());

    breaker.onFailure();

    assertEquals(CircuitBreaker.State.OPEN, breaker.state());
    clock.advance(Duration.ofSeconds(29));
    assertFalse(breaker.allow());
    clock.advance(Duration.ofSeconds(1));
    assertTrue(breaker.allow());
  }
}
