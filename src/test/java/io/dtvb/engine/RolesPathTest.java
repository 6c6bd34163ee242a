package io.dtvb.engine;

import static io.dtvb.engine.EngineHarness.assertOk;
import static io.dtvb.engine.EngineHarness.errorOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.vaultsdk.framework.Operation;
import io.dtvb.vaultsdk.framework.Request;
import io.dtvb.vaultsdk.framework.Response;
import io.dtvb.vaultsdk.framework.StaticSystemView;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RolesPathTest {
  private final EngineHarness h =
      new EngineHarness(new StaticSystemView(Duration.ofHours(1), Duration.ofHours(24), false, ""));

  @Test
  void roleWriteThenReadShowsScopesWithoutDuplicatesAndTtlsInSeconds() throws Exception {
    assertOk(h.write("roles/ci", Map.of("scopes", "metrics.read, logs.ingest,metrics.read",
        "ttl", "1h", "max_ttl", "2h30m")));

    Map<String, Object> role = h.read("roles/ci").data();

    assertEquals(List.of("metrics.read", "logs.ingest"), role.get("scopes"));
    assertEquals(3600L, role.get("ttl"));
    assertEquals(9000L, role.get("max_ttl"));
    assertEquals(false, role.get("personal_access_token"));
  }

  @Test
  void roleAcceptsScopesAsAJsonArrayAndTtlsAsSeconds() throws Exception {
    assertOk(h.write("roles/ci", Map.of("scopes", List.of("DataExport", "entities.read"), "ttl", 600,
        "personal_access_token", true)));

    Map<String, Object> role = h.read("roles/ci").data();

    assertEquals(List.of("DataExport", "entities.read"), role.get("scopes"));
    assertEquals(600L, role.get("ttl"));
    assertEquals(0L, role.get("max_ttl"));
    assertEquals(true, role.get("personal_access_token"));
  }

  @Test
  void rolePartialUpdateKeepsUnspecifiedFields() throws Exception {
    h.withRole("ci", Map.of("scopes", "metrics.read", "ttl", "10m", "max_ttl", "1h",
        "personal_access_token", true));

    assertOk(h.write("roles/ci", Map.of("ttl", "20m")));

    Map<String, Object> role = h.read("roles/ci").data();
    assertEquals(List.of("metrics.read"), role.get("scopes"));
    assertEquals(1200L, role.get("ttl"));
    assertEquals(3600L, role.get("max_ttl"));
    assertEquals(true, role.get("personal_access_token"));
  }

  @Test
  void rolesListNamesEveryRole() throws Exception {
    h.withRole("ci", Map.of("scopes", "metrics.read")).withRole("deploy", Map.of("scopes", "logs.ingest"));

    assertEquals(List.of("ci", "deploy"), h.list("roles/").data().get("keys"));
    assertEquals(List.of("ci", "deploy"), h.list("roles").data().get("keys"));
  }

  @Test
  void roleDeleteRemovesIt() throws Exception {
    h.withRole("ci", Map.of("scopes", "metrics.read"));

    h.delete("roles/ci");

    assertNull(h.read("roles/ci"));
    assertEquals(List.of(), h.list("roles/").data().get("keys"));
  }

  @Test
  void roleExistenceCheckLetsVaultChooseCreateOrUpdate() throws Exception {
    Request probe = Request.of(Operation.UPDATE, "roles/ci", Map.of(), h.storage);
    assertFalse(h.backend.existenceCheck(probe).exists());
    h.withRole("ci", Map.of("scopes", "metrics.read"));
    assertTrue(h.backend.existenceCheck(probe).exists());
  }

  @Test
  void roleWithoutScopesIsRefusedNamingScopes() throws Exception {
    assertTrue(errorOf(h.write("roles/ci", Map.of("ttl", "1h"))).contains("scopes"));
    assertTrue(errorOf(h.write("roles/ci", Map.of("scopes", " , "))).contains("scopes"));
    assertNull(h.read("roles/ci"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"metrics read", "1metrics.read", "metrics/read", "metrics.read;drop", "_hidden", "ümlaut"})
  void roleRefusesAScopeThatIsNotADynatraceScope(String scope) throws Exception {
    String error = errorOf(h.write("roles/ci", Map.of("scopes", List.of("logs.ingest", scope))));

    assertTrue(error.contains("scopes") && error.contains(scope), error);
  }

  @Test
  void roleRefusesTtlGreaterThanMaxTtlNamingTtl() throws Exception {
    String error = errorOf(h.write("roles/ci", Map.of("scopes", "metrics.read", "ttl", "2h", "max_ttl", "1h")));

    assertTrue(error.contains("\"ttl\"") && error.contains("max_ttl"), error);
    assertNull(h.read("roles/ci"));
  }

  @Test
  void roleRefusesAPartialUpdateThatPushesTtlPastTheStoredMaxTtl() throws Exception {
    h.withRole("ci", Map.of("scopes", "metrics.read", "max_ttl", "1h"));

    assertTrue(errorOf(h.write("roles/ci", Map.of("ttl", "3h"))).contains("ttl"));
    assertEquals(0L, h.read("roles/ci").data().get("ttl"));
  }

  @Test
  void roleWithMaxTtlAboveTheMountMaxIsSavedWithACapWarning() throws Exception {
    Response written = h.write("roles/ci", Map.of("scopes", "metrics.read", "max_ttl", "48h"));

    assertOk(written);
    assertTrue(written.warnings().stream().anyMatch(w -> w.contains("max_ttl") && w.contains("capped")),
        String.valueOf(written.warnings()));
    assertEquals(172800L, h.read("roles/ci").data().get("max_ttl"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ttl", "max_ttl"})
  void roleRefusesADurationThatDoesNotParseNamingTheField(String field) throws Exception {
    String error = errorOf(h.write("roles/ci", Map.of("scopes", "metrics.read", field, "soon")));

    assertTrue(error.contains("\"" + field + "\""), error);
  }

  @Test
  void roleRefusesUnknownFields() throws Exception {
    assertTrue(errorOf(h.write("roles/ci", Map.of("scopes", "metrics.read", "scope", "x"))).contains("scope"));
  }
}
