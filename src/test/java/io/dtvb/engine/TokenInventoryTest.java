package io.dtvb.engine;

import static io.dtvb.engine.EngineHarness.assertOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The inventory answers "who holds which token now" and forgets tokens once revoked. */
class TokenInventoryTest {
  private final EngineHarness h = new EngineHarness();

  @BeforeEach
  void setUp() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read")).withRole("app", Map.of("scopes", "logs.ingest"));
  }

  private static String tokenId(EngineHarness.Lease lease) {
    return (String) lease.data().get("token_id");
  }

  @SuppressWarnings("unchecked")
  private static List<String> keys(io.dtvb.vaultsdk.framework.Response r) {
    return (List<String>) r.data().get("keys");
  }

  @Test
  void listsLiveTokensWithTheirHoldersAndFiltersByRoleAndEntity() throws Exception {
    EngineHarness.Lease ci = h.issue("ci");
    EngineHarness.Lease app = h.issue("app");
    assertEquals(2, keys(h.list("tokens/")).size());
    assertEquals(List.of(tokenId(ci)), keys(h.list("tokens/", Map.of("role", "ci"))));
    assertEquals(2, keys(h.list("tokens/", Map.of("entity_id", EngineHarness.CONTEXT.entityId()))).size());
    assertTrue(keys(h.list("tokens/", Map.of("entity_id", "someone-else"))).isEmpty());
    Map<String, Object> one = h.read("tokens/" + tokenId(app)).data();
    assertEquals("app", one.get("role"));
    assertEquals(EngineHarness.CONTEXT.displayName(), one.get("display_name"));
    assertFalse(one.toString().contains((String) app.data().get("token")), "never the token value");
  }

  @Test
  void revokedTokensLeaveTheInventory() throws Exception {
    EngineHarness.Lease ci = h.issue("ci");
    assertOk(h.revoke(ci));
    assertTrue(keys(h.list("tokens/")).isEmpty());
    assertNull(h.read("tokens/" + tokenId(ci)));
  }

  @Test
  void unknownFilterFieldIsRefusedByName() throws Exception {
    var r = h.list("tokens/", Map.of("colour", "red"));
    assertTrue(r.isError() && r.data().get("error").toString().contains("colour"));
  }
}
