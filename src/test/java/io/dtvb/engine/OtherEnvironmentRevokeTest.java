package io.dtvb.engine;

import static io.dtvb.engine.EngineHarness.assertOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.engine.EngineHarness.Lease;
import io.dtvb.vaultsdk.framework.CodedError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every lease records the environment and credential fingerprint it was minted with; a revoke of
 * a lease from an environment that is no longer configured fails retryably, naming it (never
 * "already gone"), and tidy reports such leases instead of dropping them.
 */
class OtherEnvironmentRevokeTest {
  private static final String OLD = "https://abc12345.live.dynatrace.com";
  private static final String NEW = "https://xyz98765.live.dynatrace.com";
  private final EngineHarness h = new EngineHarness();

  @Test
  void aLeaseRecordsItsEnvironmentAndCredentialFingerprint() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read"));

    Lease lease = h.issue("ci");

    assertEquals(OLD, lease.internal().get("environment_url"));
    assertEquals(ConfigEntry.fingerprint(h.apiToken), lease.internal().get("credential_fingerprint"));
    TokenInventory.Entry entry = TokenInventory.get(h.storage, (String) lease.data().get("token_id")).orElseThrow();
    assertEquals(OLD, entry.environment_url());
    assertEquals(ConfigEntry.fingerprint(h.apiToken), entry.credential_fingerprint());
  }

  @Test
  void revokingALeaseOfAnEnvironmentNoLongerConfiguredIsARetryableErrorNamingIt() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read"));
    Lease lease = h.issue("ci");
    assertOk(h.write("config", Map.of("environment_url", NEW, "api_token", h.apiToken)));
    int revokes = h.broker.revokes.size();

    CodedError e = assertThrows(CodedError.class, () -> h.revoke(lease));

    assertTrue(e.status() == 502 || e.status() == 503, "an ordinary coded error: Vault retries it");
    assertTrue(e.getMessage().contains(OLD) && e.getMessage().contains("-force"), e.getMessage());
    assertEquals(revokes, h.broker.revokes.size(), "nothing was deleted in the new environment");
    assertTrue(TokenInventory.get(h.storage, (String) lease.data().get("token_id")).isPresent(), "still tracked");

    assertOk(h.write("config", Map.of("environment_url", OLD + "/", "api_token", h.apiToken)));
    assertOk(h.revoke(lease)); // the environment is back: the revoke goes through
    assertTrue(h.broker.live.isEmpty());
  }

  @Test
  void tidyReportsLeasesOfAnotherEnvironmentAndKeepsThem() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read"));
    Lease lease = h.issue("ci");
    String tokenId = (String) lease.data().get("token_id");
    assertOk(h.write("config", Map.of("environment_url", NEW, "api_token", h.apiToken)));
    h.broker.live.remove(tokenId); // the new environment does not list it
    h.clock.advance(TidyPath.INVENTORY_GRACE.plusMinutes(1));

    Map<String, Object> result = h.write("tidy", Map.of()).data();

    assertEquals(1, result.get("other_environment_leases"));
    assertEquals(List.of(tokenId), result.get("other_environment_lease_ids"));
    assertEquals(List.of(OLD), result.get("other_environments"));
    assertEquals(0, result.get("inventory_dropped"));
    assertTrue(TokenInventory.get(h.storage, tokenId).isPresent());
  }

  @Test
  void aLeaseWithoutARecordedEnvironmentKeepsTodaysBehaviour() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read"));
    Lease issued = h.issue("ci");
    Map<String, Object> internal = new LinkedHashMap<>(issued.internal());
    internal.remove("environment_url");
    internal.remove("credential_fingerprint");
    Lease old = new Lease(issued.data(), internal, issued.ttl(), issued.maxTtl(), issued.renewable(), issued.issuedAt());
    assertOk(h.write("config", Map.of("environment_url", NEW, "api_token", h.apiToken)));
    h.broker.live.clear();

    assertOk(h.revoke(old)); // already gone counts as success, as before

    assertNotEquals(0, h.broker.revokes.size());
  }
}
