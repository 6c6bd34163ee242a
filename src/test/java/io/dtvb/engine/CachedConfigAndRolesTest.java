package io.dtvb.engine;

import static io.dtvb.engine.EngineHarness.errorOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The mount serves config and roles from its storage cache (every creds read needs both); each
 * write or delete through the mount, rotate-root's store of a new minter and Vault's
 * InvalidateKey are seen by the very next request.
 */
class CachedConfigAndRolesTest {
  private final EngineHarness h = new EngineHarness();

  @Test
  void aRoleWriteChangesTheNextMint() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read", "ttl", "1h", "max_ttl", "4h"));
    h.issue("ci");

    h.withRole("ci", Map.of("scopes", "logs.ingest", "ttl", "2h"));

    EngineHarness.Lease lease = h.issue("ci");
    assertEquals(Duration.ofHours(2), lease.ttl());
    assertEquals(List.of("logs.ingest"), h.broker.lastMint().request().scopes());
  }

  @Test
  void aDeletedRoleMintsNoMore() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read"));
    h.issue("ci");

    h.delete("roles/ci");

    assertTrue(errorOf(h.read("creds/ci")).contains("unknown role \"ci\""));
  }

  @Test
  void aConfigWriteChangesTheNextMintsCredential() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read"));
    h.issue("ci");
    String before = h.broker.lastMint().settings().fingerprint();

    Map<String, Object> config = h.validConfig();
    config.put("api_token", EngineHarness.randomText("dt0c01.", 24) + EngineHarness.randomText(".", 64));
    EngineHarness.assertOk(h.write("config", config));
    h.issue("ci");

    assertNotEquals(before, h.broker.lastMint().settings().fingerprint());
  }

  @Test
  void aDeletedConfigMintsNoMore() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read"));
    EngineHarness.Lease lease = h.issue("ci");
    h.revoke(lease);

    h.delete("config");

    assertTrue(errorOf(h.read("creds/ci")).contains("config"), errorOf(h.read("creds/ci")));
  }

  @Test
  void rotateRootsNewMinterIsUsedByTheNextMint() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read"));
    h.issue("ci");
    String before = h.broker.lastMint().settings().fingerprint();

    EngineHarness.assertOk(h.write("rotate-root", Map.of()));
    h.issue("ci");

    assertNotEquals(before, h.broker.lastMint().settings().fingerprint());
  }

  @Test
  void vaultsInvalidateKeyIsSeenByTheNextRead() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read"));
    h.read("roles/ci");
    h.storage.put(RolesPath.STORAGE_PREFIX + "ci",
        "{\"scopes\":[\"logs.ingest\"],\"ttl\":0,\"max_ttl\":0}".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    h.backend.invalidate(RolesPath.STORAGE_PREFIX + "ci");

    assertEquals(List.of("logs.ingest"), h.read("roles/ci").data().get("scopes"));
  }
}
