package io.dtvb.engine;

import static io.dtvb.engine.EngineHarness.assertOk;
import static io.dtvb.engine.EngineHarness.errorOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.vaultsdk.framework.CodedError;
import io.dtvb.vaultsdk.framework.Operation;
import io.dtvb.vaultsdk.framework.Request;
import io.dtvb.vaultsdk.framework.Response;
import io.dtvb.vaultsdk.framework.Storage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigPathTest {
  private final EngineHarness h = new EngineHarness();

  @Test
  void configReadShowsSettingsAndFingerprintsButNeverSecrets() throws Exception {
    h.configured();

    Map<String, Object> data = h.read("config").data();

    assertEquals("https://abc12345.live.dynatrace.com", data.get("environment_url"));
    assertEquals("api_token", data.get("auth_mode"));
    assertEquals("https://sidecar.internal:8443", data.get("sidecar_url"));
    assertEquals(ConfigEntry.fingerprint(h.apiToken), data.get("api_token_fingerprint"));
    assertEquals(ConfigEntry.fingerprint(TestPems.KEY.strip()), data.get("sidecar_client_key_fingerprint"));
    assertTrue(String.valueOf(data.get("api_token_fingerprint")).matches("sha256:[0-9a-f]{64}"));
    String shown = Storage.JSON.writeValueAsString(data);
    assertFalse(shown.contains(h.apiToken), "read output contains the api token");
    assertFalse(shown.contains("PRIVATE KEY"), "read output contains the client key");
    assertFalse(data.containsKey("api_token") || data.containsKey("sidecar_client_key_pem"));
  }

  @Test
  void configWritePushesConnectionUnderTheMountUuid() throws Exception {
    h.configured();

    FakeTokenBroker.Push push = h.broker.pushes.get(0);
    assertEquals(EngineHarness.MOUNT_UUID, push.connectionId());
    assertEquals(ConnectionSettings.AuthMode.API_TOKEN, push.settings().authMode());
    assertEquals(h.apiToken, push.settings().apiToken());
    assertEquals("https://sidecar.internal:8443", h.broker.endpoints.get(0).url());
    assertFalse(push.settings().toString().contains(h.apiToken), "settings toString leaks the token");
  }

  @Test
  void configPartialUpdateKeepsUnspecifiedFields() throws Exception {
    h.configured();

    assertOk(h.write("config", Map.of("environment_url", "https://xyz98765.live.dynatrace.com/")));

    Map<String, Object> data = h.read("config").data();
    assertEquals("https://xyz98765.live.dynatrace.com/", data.get("environment_url"));
    assertEquals(ConfigEntry.fingerprint(h.apiToken), data.get("api_token_fingerprint"));
    assertEquals(TestPems.CERT.strip(), data.get("sidecar_ca_pem"));
    assertEquals(2, h.broker.pushes.size());
  }

  @Test
  void configExistenceCheckFollowsTheStoredEntry() throws Exception {
    Request probe = Request.of(Operation.UPDATE, "config", Map.of(), h.storage);
    assertFalse(h.backend.existenceCheck(probe).exists());
    h.configured();
    assertTrue(h.backend.existenceCheck(probe).exists());
  }

  @Test
  void configDeleteRemovesTheEntryAndWarnsAboutOutstandingLeases() throws Exception {
    h.configured();

    Response deleted = h.delete("config");

    assertTrue(deleted.warnings().get(0).contains("cannot be revoked"));
    assertNull(h.read("config"));
    assertEquals(1, h.broker.closed);
  }

  @Test
  void configInOauthModeRequiresTheOauthFields() throws Exception {
    h.configured();

    String error = errorOf(h.write("config", Map.of("auth_mode", "oauth")));

    assertTrue(error.contains("oauth_client_id") && error.contains("oauth_client_secret")
        && error.contains("oauth_resource"), error);
  }

  @Test
  void configInOauthModePushesOnlyOauthCredentials() throws Exception {
    Map<String, Object> config = h.validConfig();
    config.remove("api_token");
    config.putAll(Map.of("auth_mode", "oauth", "oauth_client_id", "dt0s02.CLIENT",
        "oauth_client_secret", EngineHarness.randomText("dt0s02.CLIENT.", 64),
        "oauth_resource", "urn:dtaccount:1234-abcd", "sso_url", "https://sso.example.com/oauth2/token"));

    assertOk(h.write("config", config));

    ConnectionSettings pushed = h.broker.pushes.get(0).settings();
    assertEquals(ConnectionSettings.AuthMode.OAUTH, pushed.authMode());
    assertNull(pushed.apiToken());
    assertEquals("urn:dtaccount:1234-abcd", pushed.oauthResource());
    assertTrue(String.valueOf(h.read("config").data().get("oauth_client_secret_fingerprint")).startsWith("sha256:"));
  }

  @Test
  void configRefusesAnOauthResourceThatIsNotADynatraceUrn() throws Exception {
    Map<String, Object> config = h.validConfig();
    config.put("oauth_resource", "https://account.example.com");

    assertTrue(errorOf(h.write("config", config)).contains("oauth_resource"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"environment_url", "api_token", "sidecar_url", "sidecar_ca_pem",
      "sidecar_client_cert_pem", "sidecar_client_key_pem"})
  void configRefusesAMissingRequiredFieldByName(String field) throws Exception {
    Map<String, Object> config = h.validConfig();
    config.remove(field);

    assertTrue(errorOf(h.write("config", config)).contains(field));
    assertNull(h.read("config"));
    assertTrue(h.broker.pushes.isEmpty());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "http://abc12345.live.dynatrace.com | true | https",
      "http://127.0.0.1:8080 | false | allow_http_loopback",
      "http://10.0.0.7:8080 | true | loopback",
      "abc12345.live.dynatrace.com | true | absolute",
      "ftp://abc12345.live.dynatrace.com | true | https",
      "https://user:pw@abc12345.live.dynatrace.com | true | credentials",
      "https://abc12345.live.dynatrace.com?x=1 | true | query",
      "https://exa mple.com | true | valid URL"})
  void configRefusesAnEnvironmentUrlThatBreaksTheHttpsRule(String url, boolean loopbackFlag, String reason)
      throws Exception {
    Map<String, Object> config = h.validConfig();
    config.put("environment_url", url);
    config.put("allow_http_loopback", loopbackFlag);

    String error = errorOf(h.write("config", config));

    assertTrue(error.contains("environment_url") && error.contains(reason), error);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://localhost:9090", "http://127.0.0.1:9090", "http://[::1]:9090"})
  void configAllowsPlainHttpToLoopbackOnlyWithTheFlag(String url) throws Exception {
    Map<String, Object> config = h.validConfig();
    config.put("environment_url", url);
    config.put("sso_url", url + "/sso/oauth2/token");
    config.put("allow_http_loopback", true);

    Response written = h.write("config", config);

    assertOk(written);
    assertTrue(written.warnings().get(0).contains("plain http"));
    assertEquals(url, h.read("config").data().get("environment_url"));
  }

  @Test
  void configRefusesPlainHttpSsoUrlWithoutTheFlag() throws Exception {
    Map<String, Object> config = h.validConfig();
    config.put("sso_url", "http://localhost:9090/sso");

    assertTrue(errorOf(h.write("config", config)).contains("sso_url"));
  }

  @Test
  void configRefusesPlainHttpSidecarEvenOnLoopbackWithTheFlag() throws Exception {
    Map<String, Object> config = h.validConfig();
    config.put("sidecar_url", "http://localhost:8443");
    config.put("allow_http_loopback", true);

    assertTrue(errorOf(h.write("config", config)).contains("sidecar_url"));
  }

  static Stream<Arguments> wrongPems() {
    String badBase64 = "-----BEGIN CERTIFICATE-----\n!!!notbase64!!!\n-----END CERTIFICATE-----\n";
    String notACert = TestPems.pem("CERTIFICATE", new byte[] {1, 2, 3});
    String notAKey = TestPems.pem("PRIVATE KEY", new byte[] {1, 2, 3});
    String unterminated = TestPems.CERT.substring(0, TestPems.CERT.indexOf("-----END"));
    return Stream.of(
        Arguments.of("sidecar_ca_pem", "not a pem"),
        Arguments.of("sidecar_ca_pem", badBase64),
        Arguments.of("sidecar_ca_pem", notACert),
        Arguments.of("sidecar_ca_pem", unterminated),
        Arguments.of("sidecar_ca_pem", TestPems.CERT + TestPems.KEY),
        Arguments.of("sidecar_client_cert_pem", TestPems.KEY),
        Arguments.of("sidecar_client_key_pem", TestPems.CERT),
        Arguments.of("sidecar_client_key_pem", notAKey),
        Arguments.of("sidecar_client_key_pem", TestPems.KEY + TestPems.KEY));
  }

  @ParameterizedTest
  @MethodSource("wrongPems")
  void configRefusesTlsMaterialThatIsNotTheRightPem(String field, String value) throws Exception {
    Map<String, Object> config = h.validConfig();
    config.put(field, value);

    String error = errorOf(h.write("config", config));

    assertTrue(error.contains(field), error);
    assertFalse(error.contains("PRIVATE KEY-----") || error.contains(TestPems.KEY.substring(40, 60)), error);
  }

  @Test
  void configRefusesAnUnknownAuthModeByName() throws Exception {
    Map<String, Object> config = h.validConfig();
    config.put("auth_mode", "password");

    assertTrue(errorOf(h.write("config", config)).contains("auth_mode"));
  }

  @Test
  void configRefusesUnknownFields() throws Exception {
    Map<String, Object> config = h.validConfig();
    config.put("api_tokn", "typo");

    assertTrue(errorOf(h.write("config", config)).contains("api_tokn"));
  }

  @Test
  void configRefusesAFlagThatIsNotABoolean() throws Exception {
    Map<String, Object> config = h.validConfig();
    config.put("allow_http_loopback", "maybe");

    assertTrue(errorOf(h.write("config", config)).contains("allow_http_loopback"));
  }

  @Test
  void configIsNotSavedWhenTheSidecarRefusesTheConnection() throws Exception {
    h.broker.failNext(FakeTokenBroker.Call.PUT, UpstreamException.rejected(401, "Token Authentication failed"));

    String error = errorOf(h.write("config", h.validConfig()));

    assertTrue(error.contains("Token Authentication failed") && error.contains("401"), error);
    assertNull(h.read("config"));
  }

  @Test
  void configIsNotSavedWhenTheSidecarIsUnreachable() throws Exception {
    h.broker.failNext(FakeTokenBroker.Call.PUT, UpstreamException.retryable("connection refused", null));

    CodedError e = assertThrows(CodedError.class, () -> h.write("config", h.validConfig()));

    assertEquals(503, e.status());
    assertNull(h.read("config"));
  }

  @Test
  void configIsSealWrapped() {
    assertEquals(List.of("config"), h.backend.specialPaths().sealWrapStorage());
  }

  @Test
  void configReadOfAnUnconfiguredMountAnswersNothing() throws Exception {
    assertNull(h.read("config"));
  }

  @Test
  void configWithAChangedSidecarEndpointGetsAFreshBroker() throws Exception {
    h.configured();
    Map<String, Object> update = new LinkedHashMap<>();
    update.put("sidecar_url", "https://sidecar-2.internal:8443");

    assertOk(h.write("config", update));

    assertEquals(2, h.broker.endpoints.size());
    assertEquals(1, h.broker.closed);
  }
}
