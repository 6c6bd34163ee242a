package io.dtvb.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.dtvb.vaultsdk.framework.StaticSystemView;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** While a mount is being disabled, a revoke that cannot reach Dynatrace must not block the unmount. */
class TaintedMountRevokeTest {

  @Test
  void unmountIsNotBlockedByAnUnreachableSidecar() throws Exception {
    EngineHarness h = new EngineHarness(new StaticSystemView(Duration.ofHours(1), Duration.ofHours(8), true, ""));
    h.configured().withRole("ci", Map.of("scopes", "metrics.read"));
    EngineHarness.Lease lease = h.issue("ci");
    h.broker.failNext(FakeSidecar.Call.REVOKE, UpstreamException.retryable("sidecar down", null));

    assertNull(h.revoke(lease), "the revoke succeeds so the unmount can finish");
    assertEquals(1, h.broker.live.size(), "the token stays upstream until its own expiry");
  }
}
