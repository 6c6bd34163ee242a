package io.dtvb.engine;

import static io.dtvb.engine.EngineHarness.assertOk;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dtvb.vaultsdk.framework.Response;
import io.dtvb.vaultsdk.framework.StaticSystemView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;

/**
 * rotate-root and the periodic rotation take turns on the mount's one rotation lock: run at the
 * same moment, they end with exactly one live minter token, the one config holds.
 */
class RotationLockTest {

  @RepeatedTest(5)
  void manualAndPeriodicRotationAtOnceEndWithExactlyOneLiveMinter() throws Exception {
    EngineHarness h = new EngineHarness(new StaticSystemView(Duration.ofHours(1), Duration.ofHours(24), false, ""),
        step -> { });
    h.broker.minterExpiry = EngineHarness.START.plus(Duration.ofDays(10)); // inside rotate_before: periodic is due
    h.configured();
    assertOk(h.write("config", Map.of("rotate_before", "720h")));
    CountDownLatch start = new CountDownLatch(1);
    h.broker.duringMinterMint = () -> sleep(30); // widen the window between "check" and "store"

    CompletableFuture<Response> manual = CompletableFuture.supplyAsync(() -> EngineHarness.unchecked(() -> {
      start.await();
      return h.write("rotate-root", Map.of());
    }));
    CompletableFuture<Response> periodic = CompletableFuture.supplyAsync(() -> EngineHarness.unchecked(() -> {
      start.await();
      return h.rollback(Map.of());
    }));
    start.countDown();
    assertOk(manual.get(30, TimeUnit.SECONDS));
    assertOk(periodic.get(30, TimeUnit.SECONDS));

    List<String> live = liveMinters(h);
    assertEquals(1, live.size(), "live minters: " + live);
    String stored = String.valueOf(h.storage.getJson(ConfigPath.STORAGE_KEY, Map.class).orElseThrow().get("api_token"));
    assertEquals(live.get(0), FakeSidecar.idOf(stored));
  }

  private static List<String> liveMinters(EngineHarness h) {
    List<String> out = new ArrayList<>(h.broker.liveMinters());
    if (!h.broker.initialMinterDeleted) {
      out.add(h.broker.initialMinterId);
    }
    return out;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
