package io.dtvb.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.vaultsdk.framework.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A config delete never orphans live tokens by accident: refused while they exist, unless forced. */
class ConfigDeleteTest {
  private final EngineHarness h = new EngineHarness();

  @Test
  void deletingTheConfigWhileTokensAreLiveIsRefusedAndChangesNothing() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read"));
    h.issue("ci");
    h.issue("ci");

    String error = EngineHarness.errorOf(h.delete("config"));

    assertTrue(error.contains("2 live token(s)"), error);
    assertTrue(error.contains("force=true"), error);
    assertNotNull(h.read("config"), "the config is still there");
    assertEquals(0, h.broker.closed, "the sidecar connection is kept");
    h.issue("ci");
  }

  @Test
  void aForcedDeleteRemovesTheConfigAndWarnsAboutTheLeasesLeft() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read"));
    h.issue("ci");

    Response deleted = h.delete("config", Map.of("force", true));

    assertTrue(deleted.warnings().get(0).contains("cannot be revoked"), deleted.warnings().toString());
    assertNull(h.read("config"));
  }

  @Test
  void withoutLiveTokensTheConfigIsDeletedWithoutForce() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read"));
    EngineHarness.Lease lease = h.issue("ci");
    h.revoke(lease);

    h.delete("config");

    assertNull(h.read("config"));
  }
}
