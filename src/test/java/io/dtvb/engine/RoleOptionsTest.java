package io.dtvb.engine;

import static io.dtvb.engine.EngineHarness.assertOk;
import static io.dtvb.engine.EngineHarness.errorOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.engine.EngineHarness.Lease;
import io.dtvb.vaultsdk.framework.Response;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The role options beyond scopes and TTLs: name_template, metadata, allowed_request_scopes, max_active_tokens. */
class RoleOptionsTest {
  private final EngineHarness h = new EngineHarness();
  private final String prefix = TokenNames.mountPrefix(EngineHarness.MOUNT_UUID);

  @Test
  void roleReadShowsTheDefaultsOfTheNewOptions() throws Exception {
    h.withRole("ci", Map.of("scopes", "metrics.read"));

    Map<String, Object> role = h.read("roles/ci").data();

    assertEquals(NameTemplate.DEFAULT, role.get("name_template"));
    assertEquals(Map.of(), role.get("metadata"));
    assertEquals(List.of(), role.get("allowed_request_scopes"));
    assertEquals(0L, role.get("max_active_tokens"));
  }

  @Test
  void nameTemplateShapesTheMiddleOfTheTokenName() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read",
        "name_template", "{{.RoleName}}_{{.DisplayName | truncate 9}}_{{.EntityIDHash}}"));

    Lease lease = h.issue("ci");

    String expected = prefix + "ci_token-ci-_" + NameTemplate.entityHash("entity-42") + "-" + lease.internal().get("nonce");
    assertEquals(expected, lease.data().get("token_name"));
    assertEquals(expected, h.broker.lastMint().order().name());
  }

  @Test
  void configReadShowsTheMountsTokenNamePrefix() throws Exception {
    h.configured();

    assertEquals(prefix, h.read("config").data().get("token_name_prefix"));
  }

  @Test
  void configReadShowsTheConnectionIdAnOperatorRebindsBy() throws Exception {
    h.configured();

    assertEquals(EngineHarness.MOUNT_UUID, h.read("config").data().get("connection_id"));
  }

  @Test
  void badNameTemplateIsRefusedNamingTheFieldAndKeepsTheOldOne() throws Exception {
    h.withRole("ci", Map.of("scopes", "metrics.read", "name_template", "{{.RoleName}}"));

    for (String bad : List.of("{{.Password}}", "{{random 99}}", "x-{{.RoleName", "{{.RoleName | base64}}", "  ")) {
      String error = errorOf(h.write("roles/ci", Map.of("name_template", bad)));
      assertTrue(error.startsWith("invalid value for field \"name_template\""), error);
    }
    assertEquals("{{.RoleName}}", h.read("roles/ci").data().get("name_template"));
  }

  @Test
  void metadataIsCopiedIntoLeaseInventoryAndTheSidecarOrder() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read", "metadata", Map.of("team", "payments", "cost_center", "42")));

    Lease lease = h.issue("ci");

    Map<String, String> expected = Map.of("team", "payments", "cost_center", "42");
    assertEquals(expected, lease.data().get("metadata"));
    assertEquals(expected, lease.internal().get("metadata"));
    assertEquals(expected, h.broker.lastMint().order().context().metadata());
    String id = (String) lease.data().get("token_id");
    assertEquals(expected, h.read("tokens/" + id).data().get("metadata"));
  }

  @Test
  void metadataAcceptsTheCliKeyValueFormAndIsReplacedAsAWhole() throws Exception {
    h.withRole("ci", Map.of("scopes", "metrics.read", "metadata", "team=payments,env=prod"));
    assertEquals(Map.of("team", "payments", "env", "prod"), h.read("roles/ci").data().get("metadata"));

    assertOk(h.write("roles/ci", Map.of("metadata", "team=search")));

    assertEquals(Map.of("team", "search"), h.read("roles/ci").data().get("metadata"));
    assertOk(h.write("roles/ci", Map.of("ttl", "10m")));
    assertEquals(Map.of("team", "search"), h.read("roles/ci").data().get("metadata"));
  }

  @Test
  void malformedMetadataIsRefusedNamingTheField() throws Exception {
    Map<String, Object> tooMany = new java.util.LinkedHashMap<>();
    IntStream.range(0, 33).forEach(i -> tooMany.put("k" + i, "v"));
    for (Object bad : List.of("no-equals-sign", Map.of("bad key", "v"), Map.of("k", "v".repeat(513)), tooMany, 17)) {
      String error = errorOf(h.write("roles/ci", Map.of("scopes", "metrics.read", "metadata", bad)));
      assertTrue(error.startsWith("invalid value for field \"metadata\""), error);
    }
    assertEquals(null, h.read("roles/ci"));
  }

  @Test
  void requestNarrowsScopesWithinAllowedRequestScopes() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read,logs.ingest,events.ingest",
        "allowed_request_scopes", "metrics.read,logs.ingest"));

    Response r = h.read("creds/ci", Map.of("scopes", "logs.ingest"));

    assertOk(r);
    assertEquals(List.of("logs.ingest"), r.data().get("scopes"));
    assertEquals(List.of("logs.ingest"), h.broker.lastMint().order().scopes());
  }

  @Test
  void requestWithoutScopesGetsAllOfTheRolesScopes() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read,logs.ingest", "allowed_request_scopes", "*"));

    Lease lease = h.issue("ci");

    assertEquals(List.of("metrics.read", "logs.ingest"), lease.data().get("scopes"));
  }

  @Test
  void requestCanNeverWidenOrPickAScopeThatIsNotAllowed() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read,logs.ingest", "allowed_request_scopes", "metrics.read"));

    for (String asked : List.of("apiTokens.write", "logs.ingest", "metrics.read,apiTokens.write")) {
      String error = errorOf(h.read("creds/ci", Map.of("scopes", asked)));
      assertTrue(error.startsWith("invalid value for field \"scopes\""), error);
    }
    assertTrue(h.broker.mints.isEmpty(), "a refused request must not reach the sidecar");
  }

  @Test
  void anyScopeWildcardStillCannotWiden() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read,logs.ingest", "allowed_request_scopes", "*"));

    assertOk(h.read("creds/ci", Map.of("scopes", "logs.ingest,metrics.read")));
    String error = errorOf(h.read("creds/ci", Map.of("scopes", "entities.read")));

    assertTrue(error.contains("entities.read"), error);
    assertEquals(1, h.broker.mints.size());
  }

  @Test
  void roleWithoutAllowedRequestScopesRefusesAnyRequestedScopes() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read"));

    String error = errorOf(h.read("creds/ci", Map.of("scopes", "metrics.read")));

    assertTrue(error.contains("allowed_request_scopes"), error);
  }

  @Test
  void allowedRequestScopesMustBeTheRolesScopes() throws Exception {
    String error = errorOf(h.write("roles/ci", Map.of("scopes", "metrics.read", "allowed_request_scopes", "logs.ingest")));
    assertTrue(error.startsWith("invalid value for field \"allowed_request_scopes\""), error);

    h.withRole("ci", Map.of("scopes", "metrics.read,logs.ingest", "allowed_request_scopes", "logs.ingest"));
    error = errorOf(h.write("roles/ci", Map.of("scopes", "metrics.read")));
    assertTrue(error.startsWith("invalid value for field \"allowed_request_scopes\""), error);
    assertEquals(List.of("metrics.read", "logs.ingest"), h.read("roles/ci").data().get("scopes"));
  }

  @Test
  void quotaRefusesTheTokenBeyondMaxActiveTokensUntilALeaseIsRevoked() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read", "max_active_tokens", 2))
        .withRole("other", Map.of("scopes", "metrics.read"));
    Lease first = h.issue("ci");
    h.issue("ci");

    String error = errorOf(h.read("creds/ci"));

    assertTrue(error.contains("max_active_tokens=2") && error.contains("2 tokens are live"), error);
    assertEquals(2, h.broker.mints.size());
    h.issue("other");
    assertOk(h.revoke(first));
    h.issue("ci");
    assertEquals(4, h.broker.mints.size());
  }

  @Test
  void quotaCountsOnlyLiveTokensOfTheRole() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read", "max_active_tokens", 1))
        .withRole("other", Map.of("scopes", "metrics.read"));
    h.issue("other");
    h.issue("other");

    h.issue("ci");

    assertFalse(errorOf(h.read("creds/ci")).isEmpty());
  }

  @Test
  void negativeQuotaIsRefusedNamingTheField() throws Exception {
    String error = errorOf(h.write("roles/ci", Map.of("scopes", "metrics.read", "max_active_tokens", -1)));

    assertTrue(error.startsWith("invalid value for field \"max_active_tokens\""), error);
  }

  @Test
  void credsCanBeMintedWithAWriteToo() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read,logs.ingest", "allowed_request_scopes", "*"));

    Response r = h.write("creds/ci", Map.of("scopes", "metrics.read"));

    assertOk(r);
    assertEquals(List.of("metrics.read"), r.data().get("scopes"));
  }
}
