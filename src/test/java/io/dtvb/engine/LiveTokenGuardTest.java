package io.dtvb.engine;

import static io.dtvb.engine.EngineHarness.assertOk;
import static io.dtvb.engine.EngineHarness.errorOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.engine.EngineHarness.Lease;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A config write that would strand live leases (their side removed) is refused unless forced. */
class LiveTokenGuardTest {
  private final EngineHarness h = new EngineHarness();

  private static final Map<String, Object> PLATFORM_ROLE = Map.of("token_type", "platform",
      "scopes", "storage:logs:read");

  @Test
  void clearingTheAccountSideWhilePlatformTokensAreLiveIsRefusedUntilTheyAreRevokedOrForced() throws Exception {
    h.configuredWithAccount().withRole("p", PLATFORM_ROLE);
    Lease lease = h.issue("p");
    Map<String, Object> clear = Map.of("account_uuid", "", "account_client_id", "", "account_client_secret", "");

    String refusal = errorOf(h.write("config", clear));
    assertTrue(refusal.contains("account_uuid") && refusal.contains("1 platform token(s)")
        && refusal.contains("force=true"), refusal);
    assertEquals(EngineHarness.ACCOUNT_UUID, h.read("config").data().get("account_uuid"), "nothing was saved");

    assertOk(h.revoke(lease));
    assertOk(h.write("config", clear));
    assertEquals("", String.valueOf(h.read("config").data().getOrDefault("account_uuid", "")));
  }

  @Test
  void switchingToAuthModeNoneWhileClassicTokensAreLiveIsRefusedUnlessForced() throws Exception {
    h.configuredWithAccount().withRole("ci", Map.of("scopes", "metrics.read")).withRole("p", PLATFORM_ROLE);
    h.issue("ci");
    h.issue("p");

    String refusal = errorOf(h.write("config", Map.of("auth_mode", "none")));
    assertTrue(refusal.contains("auth_mode") && refusal.contains("1 classic token(s)"), refusal);
    assertEquals("api_token", h.read("config").data().get("auth_mode"));

    assertOk(h.write("config", Map.of("auth_mode", "none", "force", true, "account_client_secret",
        h.accountSecret)));
    assertEquals("none", h.read("config").data().get("auth_mode"));
  }
}
