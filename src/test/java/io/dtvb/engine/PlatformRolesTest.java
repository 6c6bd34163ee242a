package io.dtvb.engine;

import static io.dtvb.engine.EngineHarness.assertOk;
import static io.dtvb.engine.EngineHarness.errorOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.sidecarapi.AccountInfo;
import io.dtvb.vaultsdk.framework.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A role's token_type decides which scopes, owner and quota it may have. */
class PlatformRolesTest {
  private static final String SERVICE_USER = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";

  private final EngineHarness h = new EngineHarness();

  private static Map<String, Object> platformRole(Object scopes) {
    Map<String, Object> role = new LinkedHashMap<>();
    role.put("token_type", "platform");
    role.put("scopes", scopes);
    return role;
  }

  @Test
  void aRoleIsClassicUnlessItSaysPlatformAndReadsShowTheType() throws Exception {
    h.withRole("ci", Map.of("scopes", "metrics.read"));
    h.withRole("p", platformRole("storage:logs:read,openpipeline:logs:ingest"));

    Map<String, Object> classic = h.read("roles/ci").data();
    Map<String, Object> platform = h.read("roles/p").data();

    assertEquals("classic", classic.get("token_type"));
    assertEquals("", classic.get("service_user"));
    assertEquals("platform", platform.get("token_type"));
    assertEquals(List.of("storage:logs:read", "openpipeline:logs:ingest"), platform.get("scopes"));
  }

  @Test
  void aRoleStoredBeforeTokenTypesExistedReadsAsClassic() throws Exception {
    h.storage.put(RolesPath.STORAGE_PREFIX + "old", "{\"scopes\":[\"metrics.read\"],\"ttl\":0,\"max_ttl\":0}"
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertEquals("classic", h.read("roles/old").data().get("token_type"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Platform2", "dt0s16", "access", "both"})
  void anUnknownTokenTypeIsRefusedNamingTheField(String type) throws Exception {
    String error = errorOf(h.write("roles/x", Map.of("scopes", "metrics.read", "token_type", type)));

    assertTrue(error.contains("\"token_type\"") && error.contains("classic") && error.contains("platform"), error);
    assertNull(h.read("roles/x"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "metrics.ingest | storage:metrics:write",
      "logs.ingest | storage:logs:write",
      "events.ingest | storage:events:write",
      "logs.read | storage:logs:read",
      "metrics.read | storage:metrics:read",
      "entities.read | storage:entities:read",
      "settings.read | settings:objects:read",
      "ReadConfig | settings:objects:read",
      "settings.write | settings:objects:write",
      "WriteConfig | settings:objects:write",
      "InstallerDownload | fleet-management:oneagents:download, fleet-management:oneagent.connection-info:read,"
          + " fleet-management:container-images:read, fleet-management:cluster-id:read",
      "activeGateTokenManagement.write | fleet-management:activegate.tokens:write",
      "activeGateTokenManagement.create | fleet-management:activegate.tokens:create"})
  void aClassicScopeOnAPlatformRoleIsRefusedNamingItsPlatformEquivalent(String classic, String platform)
      throws Exception {
    String error = errorOf(h.write("roles/p", platformRole(List.of("storage:logs:read", classic))));

    assertTrue(error.contains("\"scopes\"") && error.contains(classic) && error.contains(platform), error);
    assertNull(h.read("roles/p"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"DataExport", "openTelemetryTrace.ingest"})
  void aClassicScopeWithoutAPlatformEquivalentSaysSo(String classic) throws Exception {
    String error = errorOf(h.write("roles/p", platformRole(classic)));

    assertTrue(error.contains("\"scopes\"") && error.contains(classic) && error.contains("no platform equivalent"),
        error);
  }

  @Test
  void anUnmappedClassicScopeOnAPlatformRoleIsRefusedToo() throws Exception {
    String error = errorOf(h.write("roles/p", platformRole("apiTokens.read")));

    assertTrue(error.contains("\"scopes\"") && error.contains("apiTokens.read") && error.contains("classic scope")
        && error.contains("knows no platform equivalent"), error);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Storage:Logs:read", "storage::read", "storage:logs:", "storage:Logs"})
  void aColonScopeThatIsNotLowercaseSegmentsIsRefusedOnAPlatformRole(String scope) throws Exception {
    String error = errorOf(h.write("roles/p", platformRole(List.of(scope))));

    assertTrue(error.contains("\"scopes\"") && error.contains("not a platform scope"), error);
  }

  @ParameterizedTest
  @ValueSource(strings = {"storage:logs:read", "openpipeline:logs:ingest", "settings:objects:read",
      "fleet-management:oneagents:download"})
  void aPlatformScopeOnAClassicRoleIsRefusedSayingToSetTheTokenType(String scope) throws Exception {
    String error = errorOf(h.write("roles/ci", Map.of("scopes", List.of("metrics.read", scope))));

    assertTrue(error.contains("\"scopes\"") && error.contains(scope) && error.contains("platform scope")
        && error.contains("token_type=platform"), error);
    assertNull(h.read("roles/ci"));
  }

  @Test
  void changingTheTokenTypeRechecksTheScopesSoTheWriteMustCarryScopesOfTheNewKind() throws Exception {
    h.withRole("ci", Map.of("scopes", "logs.read,metrics.ingest", "ttl", "10m"));

    String error = errorOf(h.write("roles/ci", Map.of("token_type", "platform")));

    assertTrue(error.contains("\"scopes\"") && error.contains("storage:logs:read")
        && error.contains("storage:metrics:write"), error);
    assertEquals("classic", h.read("roles/ci").data().get("token_type"));

    assertOk(h.write("roles/ci", Map.of("token_type", "platform", "scopes", "storage:logs:read,storage:metrics:write")));
    Map<String, Object> role = h.read("roles/ci").data();
    assertEquals("platform", role.get("token_type"));
    assertEquals(600L, role.get("ttl"), "other fields are kept");

    assertTrue(errorOf(h.write("roles/ci", Map.of("token_type", "classic"))).contains("token_type=platform"));
  }

  @Test
  void serviceUserIsStoredLowercaseAndClearedWithAnEmptyValue() throws Exception {
    Map<String, Object> role = platformRole("storage:logs:read");
    role.put("service_user", SERVICE_USER.toUpperCase());
    h.withRole("p", role);

    assertEquals(SERVICE_USER, h.read("roles/p").data().get("service_user"));

    assertOk(h.write("roles/p", Map.of("service_user", "")));
    assertEquals("", h.read("roles/p").data().get("service_user"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"alice@example.com", "0f1e2d3c4b5a49688776a5b4c3d2e1f0", "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1fz",
      "{0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0}"})
  void aServiceUserThatIsNotAUuidIsRefusedNamingTheField(String value) throws Exception {
    Map<String, Object> role = platformRole("storage:logs:read");
    role.put("service_user", value);

    String error = errorOf(h.write("roles/p", role));

    assertTrue(error.contains("\"service_user\"") && error.contains("UUID"), error);
  }

  @Test
  void aServiceUserIsOnlyForPlatformRoles() throws Exception {
    String error = errorOf(h.write("roles/ci", Map.of("scopes", "metrics.read", "service_user", SERVICE_USER)));

    assertTrue(error.contains("\"service_user\"") && error.contains("token_type=platform"), error);

    Map<String, Object> role = platformRole("storage:logs:read");
    role.put("service_user", SERVICE_USER);
    h.withRole("p", role);
    String back = errorOf(h.write("roles/p", Map.of("token_type", "classic", "scopes", "logs.read")));
    assertTrue(back.contains("\"service_user\""), back);
    assertOk(h.write("roles/p", Map.of("token_type", "classic", "scopes", "logs.read", "service_user", "")));
  }

  @Test
  void personalAccessTokensAreOnlyForClassicRoles() throws Exception {
    Map<String, Object> role = platformRole("storage:logs:read");
    role.put("personal_access_token", true);

    String error = errorOf(h.write("roles/p", role));

    assertTrue(error.contains("\"personal_access_token\""), error);
  }

  @Test
  void theOtherRoleOptionsWorkOnPlatformRolesAsOnClassicOnes() throws Exception {
    Map<String, Object> role = platformRole("storage:logs:read,storage:metrics:write");
    role.putAll(Map.of("ttl", "15m", "max_ttl", "2h", "name_template", "{{.RoleName}}-x",
        "metadata", Map.of("team", "obs"), "allowed_request_scopes", "storage:logs:read", "max_active_tokens", 3));

    assertOk(h.write("roles/p", role));

    Map<String, Object> read = h.read("roles/p").data();
    assertEquals(900L, read.get("ttl"));
    assertEquals(7200L, read.get("max_ttl"));
    assertEquals("{{.RoleName}}-x", read.get("name_template"));
    assertEquals(Map.of("team", "obs"), read.get("metadata"));
    assertEquals(List.of("storage:logs:read"), read.get("allowed_request_scopes"));
    assertEquals(3L, read.get("max_active_tokens"));
    String widen = errorOf(h.write("roles/p", Map.of("allowed_request_scopes", "storage:events:write")));
    assertTrue(widen.contains("allowed_request_scopes"), widen);
  }

  @Test
  void aPlatformQuotaAboveTheUsersCapIsRefusedNamingTheCapAndItsType() throws Exception {
    h.configuredWithAccount();

    String error = errorOf(h.write("roles/p", withQuota(platformRole("storage:logs:read"), 51)));

    assertTrue(error.contains("\"max_active_tokens\"") && error.contains("50")
        && error.contains(AccountInfo.PER_USER), error);
    assertOk(h.write("roles/p", withQuota(platformRole("storage:logs:read"), 50)));
  }

  @Test
  void withAServiceUserThePerServiceUserCapApplies() throws Exception {
    h.configuredWithAccount();
    Map<String, Object> role = withQuota(platformRole("storage:logs:read"), 100);
    role.put("service_user", SERVICE_USER);

    assertOk(h.write("roles/p", role));

    String error = errorOf(h.write("roles/p", Map.of("max_active_tokens", 101)));
    assertTrue(error.contains("\"max_active_tokens\"") && error.contains("100")
        && error.contains(AccountInfo.PER_SERVICE_USER), error);
    assertEquals(100L, h.read("roles/p").data().get("max_active_tokens"));
  }

  @Test
  void unknownLimitsAllowAnyQuota() throws Exception {
    h.broker.accountLimits = null;
    h.configuredWithAccount();

    assertOk(h.write("roles/p", withQuota(platformRole("storage:logs:read"), 5000)));
  }

  @Test
  void withoutAVerificationAnyQuotaIsAllowed() throws Exception {
    Map<String, Object> config = h.validConfigWithAccount();
    config.put("verify_connection", false);
    assertOk(h.write("config", config));

    assertOk(h.write("roles/p", withQuota(platformRole("storage:logs:read"), 5000)));
  }

  @Test
  void classicQuotasAreNotBoundByThePlatformCap() throws Exception {
    h.configuredWithAccount();

    assertOk(h.write("roles/ci", Map.of("scopes", "metrics.read", "max_active_tokens", 5000)));
  }

  @Test
  void aPlatformRoleWithoutAQuotaIsSavedWithAWarningNamingTheCap() throws Exception {
    h.configuredWithAccount();

    Response r = h.write("roles/p", platformRole("storage:logs:read"));

    assertOk(r);
    assertTrue(r.warnings().stream().anyMatch(w -> w.contains("50") && w.contains(AccountInfo.PER_USER)
        && w.contains("expired")), String.valueOf(r.warnings()));
    assertNull(h.write("roles/ci", Map.of("scopes", "metrics.read")), "no warning for a classic role");
  }

  private static Map<String, Object> withQuota(Map<String, Object> role, long quota) {
    role.put("max_active_tokens", quota);
    return role;
  }
}
