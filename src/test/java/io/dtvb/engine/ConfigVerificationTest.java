package io.dtvb.engine;

import static io.dtvb.engine.EngineHarness.assertOk;
import static io.dtvb.engine.EngineHarness.errorOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Config writes check the minter credential live unless verify_connection=false. */
class ConfigVerificationTest {
  private final EngineHarness h = new EngineHarness();

  @Test
  void readShowsWhatDynatraceSaidAboutTheMinter() throws Exception {
    h.configured();
    @SuppressWarnings("unchecked")
    Map<String, Object> minter = (Map<String, Object>) h.read("config").data().get("minter");
    assertEquals("minter@example.invalid", minter.get("owner"));
    assertTrue(minter.containsKey("verified_at"));
  }

  @Test
  void refusedCredentialIsNotSavedAndTheReasonIsPassedOn() throws Exception {
    h.broker.failNext(FakeSidecar.Call.VERIFY, UpstreamException.rejected(401, "Token Authentication failed"));
    String error = errorOf(h.write("config", h.validConfig()));
    assertTrue(error.contains("Token Authentication failed"), error);
    assertNull(h.read("config"), "nothing was stored");
  }

  @Test
  void verificationCanBeSkipped() throws Exception {
    h.broker.failNext(FakeSidecar.Call.VERIFY, UpstreamException.rejected(401, "would fail"));
    Map<String, Object> config = h.validConfig();
    config.put("verify_connection", false);
    assertOk(h.write("config", config));
    assertNull(h.read("config").data().get("minter"));
  }
}
