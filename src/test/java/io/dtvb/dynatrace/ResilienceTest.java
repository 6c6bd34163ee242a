package io.dtvb.dynatrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.testing.Seeded;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Back-off arithmetic: equal jitter over a doubling cap, server hints honoured, limits kept. */
class ResilienceTest {
  private final Resilience policy = Resilience.defaults();

  static Stream<Arguments> attemptsAndRandoms() {
    return Seeded.cases(500, Seeded.ints(1, 40), Seeded.doubles(0, 0.99));
  }

  @ParameterizedTest
  @MethodSource("attemptsAndRandoms")
  void delayIsBetweenHalfAndAllOfTheDoublingCap(int attempt, double random) {
    long cap = Math.min(8000, 250L << Math.min(attempt - 1, 20));

    long ms = policy.delayAfter(attempt, null, random).toMillis();

    assertTrue(ms >= cap / 2 && ms <= cap, attempt + " -> " + ms + " (cap " + cap + ")");
  }

  @Test
  void aServerHintReplacesTheComputedDelay() {
    assertEquals(Duration.ofSeconds(3), policy.delayAfter(1, Duration.ofSeconds(3), 0.5));
  }

  @Test
  void aZeroHintIsNoHintAndTheComputedBackOffApplies() {
    assertEquals(policy.delayAfter(2, null, 0.5), policy.delayAfter(2, Duration.ZERO, 0.5));
    assertTrue(policy.delayAfter(1, Duration.ZERO, 0.0).toMillis() >= 125);
  }

  @Test
  void aBudgetAtOrOverVaultsLimitIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Resilience(4, Duration.ofMillis(1), Duration.ofSeconds(1),
        Duration.ofSeconds(90), 5, Duration.ofSeconds(1), 8, 10, null));
  }
}
