package io.dtvb.engine;

import static io.dtvb.engine.EngineHarness.assertOk;
import static io.dtvb.engine.EngineHarness.errorOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.vaultsdk.framework.Response;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every way a config write can be wrong is refused with a 400 that names the field. */
class ConfigValidationTest {
  private final EngineHarness h = new EngineHarness();

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

  @Test
  void configInOauthModeRequiresTheOauthFields() throws Exception {
    h.configured();

    String error = errorOf(h.write("config", Map.of("auth_mode", "oauth")));

    assertTrue(error.contains("oauth_client_id") && error.contains("oauth_client_secret")
        && error.contains("oauth_resource"), error);
  }

  @Test
  void configInPlatformTokenModeRequiresThePlatformToken() throws Exception {
    h.configured();

    String error = errorOf(h.write("config", Map.of("auth_mode", "platform_token")));

    assertTrue(error.contains("platform_token") && error.contains("missing"), error);
    assertFalse(error.contains("oauth_client_id") || error.contains("api_token,"), error);
    assertEquals(1, h.broker.pushes.size());
  }

  @Test
  void configRefusesAPlatformTokenThatIsNotOneByNameWithoutEchoingIt() throws Exception {
    Map<String, Object> config = h.validConfig();
    config.put("auth_mode", "platform_token");
    config.put("platform_token", h.apiToken);

    String error = errorOf(h.write("config", config));

    assertTrue(error.contains("\"platform_token\"") && error.contains("dt0s16"), error);
    assertFalse(error.contains(h.apiToken), error);
    assertNull(h.read("config"));
    assertTrue(h.broker.pushes.isEmpty());
  }

  @Test
  void configRefusesAnUnknownAuthModeListingTheThreeModes() throws Exception {
    Map<String, Object> config = h.validConfig();
    config.put("auth_mode", "saml");

    String error = errorOf(h.write("config", config));

    assertTrue(error.contains("auth_mode") && error.contains("api_token") && error.contains("oauth")
        && error.contains("platform_token"), error);
  }

  @Test
  void apiTokenModeDoesNotNeedAPlatformToken() throws Exception {
    Map<String, Object> config = h.validConfig();
    config.put("platform_token", "not-a-platform-token");

    assertOk(h.write("config", config));
    assertNull(h.broker.pushes.get(0).settings().platformToken());
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
}
