package io.dtvb.engine;

import static io.dtvb.engine.EngineHarness.assertOk;
import static io.dtvb.engine.EngineHarness.errorOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.engine.EngineHarness.Lease;
import io.dtvb.vaultsdk.framework.CodedError;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The metrics endpoint counts what the mount did, by outcome, and never shows a token. */
class MetricsPathTest {
  private final EngineHarness h = new EngineHarness();

  @SuppressWarnings("unchecked")
  private Map<String, Object> metrics() throws Exception {
    return (Map<String, Object>) h.read("metrics").data().get("metrics");
  }

  @Test
  void mintsRevokesRenewalsAndRefusalsAreCountedByOutcome() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read", "max_active_tokens", 2));
    Lease a = h.issue("ci");
    h.issue("ci");
    errorOf(h.read("creds/ci"));
    h.broker.failNext(FakeSidecar.Call.MINT, UpstreamException.retryable("sidecar down", null));
    assertOk(h.revoke(a));
    assertThrows(CodedError.class, () -> h.read("creds/ci"));
    assertOk(h.renew(h.issue("ci"), Duration.ofMinutes(5)));

    Map<String, Object> m = metrics();

    assertEquals(3L, m.get("dvb_engine_mints{outcome=ok,token_type=classic}"));
    assertEquals(1L, m.get("dvb_engine_mints{outcome=quota_reached,token_type=classic}"));
    assertEquals(1L, m.get("dvb_engine_mints{outcome=retryable,token_type=classic}"));
    assertEquals(1L, m.get("dvb_engine_revokes{outcome=deleted,token_type=classic}"));
    assertEquals(1L, m.get("dvb_engine_renewals{renewable=true,token_type=classic}"));
    assertEquals(3L, m.get("dvb_engine_mint_duration{outcome=ok,token_type=classic}.count"));
    assertEquals(2, h.read("metrics").data().get("live_tokens"));
  }

  @Test
  void prometheusFormatIsTheTextExposition() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read"));
    Lease lease = h.issue("ci");

    String text = (String) h.read("metrics", Map.of("format", "prometheus")).data().get("prometheus");

    assertTrue(text.contains("dvb_engine_mints_total{outcome=\"ok\",token_type=\"classic\"} 1.0"), text);
    assertFalse(text.contains((String) lease.data().get("token")));
    assertFalse(text.contains((String) lease.data().get("token_name")));
  }

  @Test
  void anUnknownFormatIsRefusedNamingTheField() throws Exception {
    assertTrue(errorOf(h.read("metrics", Map.of("format", "xml"))).contains("\"format\""));
  }
}
