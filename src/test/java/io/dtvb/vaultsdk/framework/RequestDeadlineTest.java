package io.dtvb.vaultsdk.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A request whose deadline passed while it waited for a worker is refused before any handler runs. */
class RequestDeadlineTest {
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private final AtomicInteger calls = new AtomicInteger();
  private final Backend backend = Backend.builder()
      .paths(Path.builder("ping").operation(Operation.READ, (r, d) -> {
        calls.incrementAndGet();
        return Response.of(Map.of("ok", true));
      }, "Ping.").build())
      .clock(Clock.fixed(NOW, ZoneOffset.UTC))
      .build();

  @Test
  void aRequestPastItsDeadlineRunsNoHandler() {
    Request late = Request.of(Operation.READ, "ping", Map.of(), new InmemStorage()).withDeadline(NOW.minusMillis(1));

    DeadlineExceeded e = assertThrows(DeadlineExceeded.class, () -> backend.handleRequest(late));

    assertEquals(503, e.status());
    assertEquals(0, calls.get());
  }

  @Test
  void aRequestWithinOrWithoutADeadlineRuns() throws Exception {
    backend.handleRequest(Request.of(Operation.READ, "ping", Map.of(), new InmemStorage()).withDeadline(NOW.plusSeconds(1)));
    backend.handleRequest(Request.of(Operation.READ, "ping", Map.of(), new InmemStorage()));

    assertEquals(2, calls.get());
  }

  @Test
  void theDeadlineSurvivesTheRenewRevokeCopy() {
    Request r = Request.of(Operation.REVOKE, "x", Map.of(), new InmemStorage()).withDeadline(NOW);

    assertEquals(NOW, r.withSecret(null).deadline());
    assertTrue(r.pastDeadline(NOW));
    assertFalse(r.withDeadline(null).pastDeadline(NOW));
  }
}
