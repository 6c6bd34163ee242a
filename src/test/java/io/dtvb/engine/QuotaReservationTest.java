package io.dtvb.engine;

import static io.dtvb.engine.EngineHarness.errorOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.vaultsdk.framework.Response;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The per-role quota is held as a reservation, not a lock across the upstream call: a slow mint
 * holds its slot (a second request is refused at once instead of waiting), a failed mint gives
 * its slot back.
 */
class QuotaReservationTest {
  private final EngineHarness h = new EngineHarness();

  @Test
  void aSlowMintHoldsItsSlotAndTheNextRequestIsRefusedWithoutWaiting() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read", "max_active_tokens", 1));
    CountDownLatch inMint = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    h.broker.duringMint = () -> {
      inMint.countDown();
      await(release);
    };
    CompletableFuture<Response> slow = CompletableFuture.supplyAsync(() -> EngineHarness.unchecked(() -> h.read("creds/ci")));
    assertTrue(inMint.await(10, TimeUnit.SECONDS));

    String error = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> errorOf(h.read("creds/ci")));

    assertTrue(error.contains("max_active_tokens=1") && error.contains("1 tokens are live"), error);
    release.countDown();
    Response first = slow.get(10, TimeUnit.SECONDS);
    assertTrue(first != null && !first.isError() && first.secret() != null);
    assertEquals(1, TokenInventory.countByRole(h.storage, "ci"));
  }

  @Test
  void aFailedMintReleasesItsSlot() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read", "max_active_tokens", 1));
    h.broker.failNext(FakeSidecar.Call.MINT, UpstreamException.rejected(400, "Invalid scopes"));

    errorOf(h.read("creds/ci"));

    h.issue("ci");
    assertTrue(errorOf(h.read("creds/ci")).contains("max_active_tokens=1"));
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
