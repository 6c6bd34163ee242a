package io.dtvb.dynatrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.simulator.FaultSpec;
import io.dtvb.simulator.RateLimitHint;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client against the simulator's three rate-limit hint shapes (Retry-After, X-RateLimit-Reset
 * in epoch microseconds as documented, in epoch seconds as Dynatrace's own client reads it) and a
 * 429 without any hint, and against the three shapes of an SSO refusal. The delay asserted is the
 * one the client chose (reported to its listener), never a measured wall-clock time.
 */
class SimulatorHintShapesTest extends ClientTestBase {
  private final List<Duration> delays = new CopyOnWriteArrayList<>();

  private DynatraceTokenApi throttledClient() {
    DynatraceCallListener listener = new DynatraceCallListener() {
      @Override
      public void onRetry(String what, int attempt, int status, Duration delay) {
        delays.add(delay);
      }
    };
    return client(apiTokenConnection(info.url(), info.apiToken()), options().withResilience(Resilience.defaults()
        .withAttempts(3, Duration.ofMillis(20), Duration.ofSeconds(5)).withBreaker(1_000, Duration.ofSeconds(30))
        .withListener(listener)));
  }

  @ParameterizedTest
  @EnumSource(RateLimitHint.class)
  void everyHintShapeIsHonouredAndNoHintBacksOffNormally(RateLimitHint hint) {
    DynatraceTokenApi api = throttledClient();
    sim.faults().set(FaultSpec.rateLimit(1, hint, 1));

    MintedToken minted = api.create(request("vault-hint-" + hint.name().toLowerCase(), "metrics.read")).await();

    assertTrue(minted.token().startsWith(minted.id()));
    assertEquals(1, sim.counters().rateLimited());
    assertEquals(1, delays.size(), "one retry after the 429");
    Duration delay = delays.get(0);
    if (hint == RateLimitHint.NONE) {
      assertTrue(delay.compareTo(Duration.ofMillis(500)) < 0, "no hint: the normal back-off (" + delay + ")");
      assertTrue(delay.compareTo(Duration.ZERO) > 0, "no hint: still a back-off, not a tight loop");
    } else {
      // The reset is about a second away: a seconds value read as microseconds would be ~0 (1970).
      assertTrue(delay.compareTo(Duration.ofMillis(300)) > 0 && delay.compareTo(Duration.ofSeconds(3)) < 0,
          hint + ": waited " + delay);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {FaultSpec.BODY_OAUTH, FaultSpec.BODY_ERROR_CODE, FaultSpec.BODY_TEXT})
  void everySsoRefusalShapeShowsItsUsefulPart(String body) {
    DynatraceTokenApi api = client(oauthConnection(info.oauthClientSecret(), null), options());
    sim.faults().set(FaultSpec.badRequest(1, body));

    DynatraceException e = assertThrows(DynatraceException.class, () -> api.list(null).await());

    assertEquals(400, e.status());
    String expected = switch (body) {
      case FaultSpec.BODY_OAUTH -> "invalid_request";
      case FaultSpec.BODY_ERROR_CODE -> "issueId";
      default -> "Bad Request";
    };
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().contains(info.oauthClientId()), "names the client: " + e.getMessage());
  }
}
