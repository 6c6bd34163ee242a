package io.dtvb.engine;

import static io.dtvb.engine.EngineHarness.assertOk;
import static io.dtvb.engine.EngineHarness.errorOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.sidecarapi.ConnectionSettings;
import io.dtvb.sidecarapi.CredentialInfo;
import io.dtvb.vaultsdk.framework.Log;
import io.dtvb.vaultsdk.framework.Response;
import io.dtvb.vaultsdk.framework.Storage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The account side of config: what it needs, what it sends, what reads show, where its secret may go. */
class AccountConfigTest {
  private final EngineHarness h = new EngineHarness();

  private ConnectionSettings lastPush() {
    return h.broker.pushes.get(h.broker.pushes.size() - 1).settings();
  }

  @Test
  void theAccountSideTravelsWithItsDefaultsAndTheDerivedEnvironmentId() throws Exception {
    h.configuredWithAccount();

    ConnectionSettings pushed = lastPush();

    assertTrue(pushed.hasAccount());
    assertEquals(EngineHarness.ACCOUNT_UUID, pushed.accountUuid());
    assertEquals(EngineHarness.ACCOUNT_CLIENT_ID, pushed.accountClientId());
    assertEquals(h.accountSecret, pushed.accountClientSecret());
    assertEquals("platform-token:tokens:write platform-token:tokens:manage", pushed.accountScope());
    assertEquals("https://api.dynatrace.com", pushed.accountApiUrl());
    assertEquals("abc12345", pushed.environmentId());
    assertEquals(h.apiToken, pushed.apiToken(), "the classic minter travels too");
    assertEquals(ConnectionSettings.sha256(h.accountSecret), pushed.accountCredentialFingerprint());
    assertFalse(pushed.toString().contains(h.accountSecret));
  }

  @Test
  void withoutAnAccountSideNoAccountFieldTravels() throws Exception {
    Map<String, Object> config = h.validConfig();
    config.put("account_scope", "account-idm-read account-idm-write");
    config.put("sso_url", "https://sso.example.com/sso/oauth2/token");
    assertOk(h.write("config", config));

    ConnectionSettings pushed = lastPush();

    assertFalse(pushed.hasAccount());
    assertNull(pushed.accountScope());
    assertNull(pushed.accountApiUrl());
    assertNull(pushed.environmentId());
    assertNull(pushed.ssoUrl(), "api_token mode without an account side has no use for sso_url");
  }

  @Test
  void ssoUrlTravelsForTheAccountClient() throws Exception {
    Map<String, Object> config = h.validConfigWithAccount();
    config.put("sso_url", "https://sso.example.com/sso/oauth2/token");

    assertOk(h.write("config", config));

    assertEquals("https://sso.example.com/sso/oauth2/token", lastPush().ssoUrl());
  }

  @Test
  void readsShowTheAccountSideWithAFingerprintButNeverTheSecret() throws Exception {
    h.configuredWithAccount();

    Map<String, Object> data = h.read("config").data();

    assertEquals(EngineHarness.ACCOUNT_UUID, data.get("account_uuid"));
    assertEquals(EngineHarness.ACCOUNT_CLIENT_ID, data.get("account_client_id"));
    assertEquals(ConfigEntry.fingerprint(h.accountSecret), data.get("account_client_secret_fingerprint"));
    assertEquals("platform-token:tokens:write platform-token:tokens:manage", data.get("account_scope"));
    assertEquals("https://api.dynatrace.com", data.get("account_api_url"));
    assertEquals("abc12345", data.get("environment_id"));
    assertFalse(data.containsKey("account_client_secret"));
    assertFalse(Storage.JSON.writeValueAsString(data).contains(h.accountSecret));
  }

  @Test
  void readsShowTheSidecarsCheckOfTheAccountSideWithItsLimits() throws Exception {
    h.configuredWithAccount();

    @SuppressWarnings("unchecked")
    Map<String, Object> account = (Map<String, Object>) ((Map<String, Object>) h.read("config").data()
        .get("minter")).get("account");

    assertEquals(EngineHarness.ACCOUNT_UUID, account.get("account_uuid"));
    assertEquals(h.broker.accountOwner, account.get("owner_uuid"));
    assertTrue(String.valueOf(account.get("limits")).contains("MAX_PLATFORM_TOKENS_PER_SERVICE_USER"),
        String.valueOf(account));
  }

  @Test
  void explicitScopeAndApiUrlAreUsedAndShown() throws Exception {
    Map<String, Object> config = h.validConfigWithAccount();
    config.put("account_scope", "  account-idm-read   account-idm-write ");
    config.put("account_api_url", "https://api-hardening.internal.dynatracelabs.com");

    assertOk(h.write("config", config));

    assertEquals("account-idm-read account-idm-write", lastPush().accountScope());
    assertEquals("https://api-hardening.internal.dynatracelabs.com", lastPush().accountApiUrl());
    assertEquals("account-idm-read account-idm-write", h.read("config").data().get("account_scope"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "https://abc12345.live.dynatrace.com | abc12345",
      "https://abc12345.apps.dynatrace.com/ | abc12345",
      "https://ydi9582h.sprint.apps.dynatracelabs.com | ydi9582h",
      "https://pvf2584h.live.dynatracelabs.com | pvf2584h",
      "https://pvf2584h.apps.dynatracelabs.com | pvf2584h",
      "https://ABC12345.Live.Dynatrace.com | abc12345"})
  void theEnvironmentIdIsDerivedFromASaasEnvironmentUrl(String url, String id) throws Exception {
    Map<String, Object> config = h.validConfigWithAccount();
    config.put("environment_url", url);

    assertOk(h.write("config", config));

    assertEquals(id, lastPush().environmentId());
    assertEquals(id, h.read("config").data().get("environment_id"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://managed.example.com/e/abc12345", "https://abc12345.dynatrace.com",
      "https://dynatrace.bank.example"})
  void anEnvironmentIdThatCannotBeDerivedIsRequiredNamingTheField(String url) throws Exception {
    Map<String, Object> config = h.validConfigWithAccount();
    config.put("environment_url", url);

    String error = errorOf(h.write("config", config));

    assertTrue(error.contains("\"environment_id\""), error);
    assertTrue(h.broker.credentialCalls.isEmpty());

    config.put("environment_id", "abc12345");
    assertOk(h.write("config", config));
    assertEquals("abc12345", lastPush().environmentId());
  }

  @Test
  void anExplicitEnvironmentIdWinsOverTheDerivedOne() throws Exception {
    Map<String, Object> config = h.validConfigWithAccount();
    config.put("environment_id", "xyz-98765");

    assertOk(h.write("config", config));

    assertEquals("xyz-98765", lastPush().environmentId());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ABC12345", "abc_12345", "abc.12345", "urn:dtenvironment:abc12345"})
  void anEnvironmentIdOfTheWrongShapeIsRefusedNamingTheField(String id) throws Exception {
    Map<String, Object> config = h.validConfigWithAccount();
    config.put("environment_id", id);

    assertTrue(errorOf(h.write("config", config)).contains("\"environment_id\""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"not-a-uuid", "7c9e6679742540de944be07fc1f90ae7", "urn:dtaccount:7c9e6679-7425-40de-944b-e07fc1f90ae7"})
  void anAccountUuidThatIsNotAUuidIsRefusedNamingTheField(String uuid) throws Exception {
    Map<String, Object> config = h.validConfigWithAccount();
    config.put("account_uuid", uuid);

    assertTrue(errorOf(h.write("config", config)).contains("\"account_uuid\""));
  }

  @Test
  void theAccountSideIsAllOrNothingWithOneErrorListingWhatIsMissing() throws Exception {
    Map<String, Object> config = h.validConfig();
    config.put("account_uuid", EngineHarness.ACCOUNT_UUID);

    String error = errorOf(h.write("config", config));

    assertTrue(error.contains("account_client_id") && error.contains("account_client_secret"), error);

    config.remove("account_uuid");
    config.put("account_client_secret", h.accountSecret);
    String other = errorOf(h.write("config", config));
    assertTrue(other.contains("account_uuid") && other.contains("account_client_id"), other);
    assertFalse(other.contains(h.accountSecret), other);
    assertTrue(h.broker.credentialCalls.isEmpty());
  }

  @Test
  void theAccountSideIsClearedWithEmptyValues() throws Exception {
    h.configuredWithAccount();

    assertOk(h.write("config", Map.of("account_uuid", "", "account_client_id", "", "account_client_secret", "")));

    assertFalse(lastPush().hasAccount());
    assertEquals("", h.read("config").data().get("account_uuid"));
    assertFalse(h.read("config").data().containsKey("account_client_secret_fingerprint"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "http://api.dynatrace.com | true | https",
      "http://127.0.0.1:9999 | false | allow_http_loopback",
      "api.dynatrace.com | false | absolute"})
  void theAccountApiUrlFollowsTheHttpsRule(String url, boolean loopback, String reason) throws Exception {
    Map<String, Object> config = h.validConfigWithAccount();
    config.put("account_api_url", url);
    config.put("allow_http_loopback", loopback);

    String error = errorOf(h.write("config", config));

    assertTrue(error.contains("\"account_api_url\"") && error.contains(reason), error);
  }

  @Test
  void plainHttpToALoopbackAccountApiIsAllowedWithTheFlagAndWarned() throws Exception {
    Map<String, Object> config = h.validConfigWithAccount();
    config.put("account_api_url", "http://127.0.0.1:9999");
    config.put("allow_http_loopback", true);

    Response r = h.write("config", config);

    assertOk(r);
    assertTrue(r.warnings().stream().anyMatch(w -> w.contains("plain http")), String.valueOf(r.warnings()));
  }

  @Test
  void authModeNoneNeedsTheAccountSide() throws Exception {
    Map<String, Object> config = h.validConfig();
    config.remove("api_token");
    config.put("auth_mode", "none");

    String error = errorOf(h.write("config", config));

    assertTrue(error.contains("account_uuid") && error.contains("account_client_id")
        && error.contains("account_client_secret"), error);
    assertFalse(error.contains("api_token"), error);
  }

  @Test
  void authModeNoneSendsNoClassicCredentialEvenWhenOneIsStored() throws Exception {
    h.configuredWithAccount();

    assertOk(h.write("config", Map.of("auth_mode", "none")));

    ConnectionSettings pushed = lastPush();
    assertEquals(ConnectionSettings.AuthMode.NONE, pushed.authMode());
    assertNull(pushed.apiToken());
    assertNull(pushed.credential());
    assertEquals(h.accountSecret, pushed.accountClientSecret());
    assertEquals("none", h.read("config").data().get("auth_mode"));
  }

  @Test
  void switchingFromNoneBackToAClassicMinterNeedsItsCredentialAgain() throws Exception {
    h.configuredWithAccount();
    assertOk(h.write("config", Map.of("auth_mode", "none")));

    String error = errorOf(h.write("config", Map.of("auth_mode", "api_token")));

    assertTrue(error.contains("\"auth_mode\"") && error.contains("carry api_token"), error);
    assertOk(h.write("config", Map.of("auth_mode", "api_token", "api_token", h.apiToken)));
    assertEquals(h.apiToken, lastPush().apiToken());
  }

  @ParameterizedTest
  @ValueSource(strings = {"account_api_url", "account_uuid", "sso_url", "sidecar_url", "sidecar_ca_pem"})
  void aNewDestinationOfTheAccountSecretNeedsTheSecretAgain(String field) throws Exception {
    h.configuredWithAccount();
    int before = h.broker.credentialCalls.size();
    Map<String, Object> change = new LinkedHashMap<>();
    change.put(field, newValue(field));
    change.put("api_token", h.apiToken); // satisfies the classic rule where it applies

    String error = errorOf(h.write("config", change));

    assertTrue(error.contains("\"" + field + "\"") && error.contains("account_client_secret"), error);
    assertEquals(before, h.broker.credentialCalls.size(), "no call carried either secret");

    change.put("account_client_secret", h.accountSecret);
    assertOk(h.write("config", change));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sidecar_url", "sso_url", "account_api_url"})
  void withAuthModeNoneOnlyTheAccountRuleApplies(String field) throws Exception {
    Map<String, Object> config = h.validConfigWithAccount();
    config.remove("api_token");
    config.put("auth_mode", "none");
    assertOk(h.write("config", config));

    String error = errorOf(h.write("config", Map.of(field, newValue(field))));
    assertTrue(error.contains("\"" + field + "\"") && error.contains("account_client_secret")
        && !error.contains("api_token"), error);

    assertOk(h.write("config", Map.of(field, newValue(field), "account_client_secret", h.accountSecret)));
  }

  @Test
  void changesThatDoNotMoveTheAccountSecretNeedNoSecret() throws Exception {
    h.configuredWithAccount();

    assertOk(h.write("config", Map.of("account_scope", "account-idm-read account-idm-write",
        "environment_id", "abc12345", "tidy_interval", "1h", "account_api_url", "https://api.dynatrace.com/")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"account_uuid", "account_client_id", "account_client_secret", "account_scope",
      "account_api_url", "environment_id"})
  void aControlCharacterInAnAccountFieldIsRefusedNamingTheFieldWithoutShowingTheValue(String field)
      throws Exception {
    String value = "abc" + EngineHarness.randomText("", 12) + "\r\nX-Injected: evil";
    Map<String, Object> config = h.validConfigWithAccount();
    config.put(field, value);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Log.output(new PrintStream(log, true, StandardCharsets.UTF_8));
    Response r;
    try {
      r = h.write("config", config);
    } finally {
      Log.output(System.err);
    }

    String error = errorOf(r);
    assertTrue(error.contains("\"" + field + "\"") && error.contains("control character"), error);
    assertFalse(error.contains("X-Injected") || error.contains(value.substring(0, 15)), error);
    assertFalse(log.toString(StandardCharsets.UTF_8).contains("X-Injected"));
    assertTrue(h.broker.credentialCalls.isEmpty(), "no network call");
  }

  @Test
  void aPhase3EnvironmentIsWarnedAboutOnWrite() throws Exception {
    h.broker.classicTokenCreation = CredentialInfo.CLASSIC_CREATION_DISABLED;

    Response r = h.write("config", h.validConfig());

    assertOk(r);
    assertTrue(r.warnings().stream().anyMatch(w -> w.contains("classic_token_creation=disabled")
        && w.contains("token_type=platform") && w.contains("account_uuid")), String.valueOf(r.warnings()));
  }

  @Test
  void rotateRootIsRefusedWithoutAClassicMinter() throws Exception {
    Map<String, Object> config = h.validConfigWithAccount();
    config.remove("api_token");
    config.put("auth_mode", "none");
    assertOk(h.write("config", config));

    String error = errorOf(h.write("rotate-root", Map.of()));

    assertTrue(error.contains("auth_mode=none") && error.contains("api_token"), error);
    assertTrue(h.broker.liveMinters().isEmpty());
  }

  @Test
  void theSecretNeverAppearsInTheConfigsToString() throws Exception {
    h.configuredWithAccount();

    assertFalse(ConfigPath.load(h.storage).orElseThrow().toString().contains(h.accountSecret));
    assertTrue(ConfigPath.load(h.storage).orElseThrow().secrets().contains(h.accountSecret));
  }

  private static Object newValue(String field) {
    return switch (field) {
      case "account_api_url" -> "https://api.evil.example.com";
      case "account_uuid" -> "00000000-0000-4000-8000-000000000002";
      case "sso_url" -> "https://sso.evil.example.com/sso/oauth2/token";
      case "sidecar_url" -> "https://sidecar-other.internal:8443";
      case "sidecar_ca_pem" -> TestPems.CERT + "\n" + TestPems.CERT;
      default -> throw new IllegalArgumentException(field);
    };
  }
}
