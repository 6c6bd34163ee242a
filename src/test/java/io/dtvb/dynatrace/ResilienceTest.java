package io.dtvb.dynatrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Back-off arithmetic: equal jitter over a doubling cap, server hints honoured, limits kept. */
class ResilienceTest {
  private final Resilience policy = Resilience.defaults();

  @Property(tries = 500)
  void delayIsBetweenHalfAndAllOfTheDoublingCap(@ForAll @IntRange(min = 1, max = 40) int attempt,
      @ForAll @DoubleRange(min = 0, max = 0.99) double random) {
    long cap = Math.min(8000, 250L << Math.min(attempt - 1, 20));

    long ms = policy.delayAfter(attempt, null, random).toMillis();

    assertTrue(ms >= cap / 2 && ms <= cap, attempt + " -> " + ms + " (cap " + cap + ")");
  }

  @Test
  void aServerHintReplacesTheComputedDelay() {
    assertEquals(Duration.ofSeconds(3), policy.delayAfter(1, Duration.ofSeconds(3), 0.5));
  }

  @Test
  void aBudgetAtOrOverVaultsLimitIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Resilience(4, Duration.ofMillis(1), Duration.ofSeconds(1),
        Duration.ofSeconds(90), 5, Duration.ofSeconds(1), 8, 10, null));
  }
}
