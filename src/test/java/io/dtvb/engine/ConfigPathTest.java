package io.dtvb.engine;

import io.dtvb.sidecarapi.ConnectionSettings;
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
import org.junit.jupiter.api.Test;

/** The config endpoint stores, shows, updates and deletes the connection and pushes it to the sidecar. */
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

    FakeSidecar.Push push = h.broker.pushes.get(0);
    assertEquals(EngineHarness.MOUNT_UUID, push.connectionId());
    assertEquals(ConnectionSettings.AuthMode.API_TOKEN, push.settings().authMode());
    assertEquals(h.apiToken, push.settings().apiToken());
    assertEquals("https://sidecar.internal:8443", h.broker.endpoints.get(0).url());
    assertFalse(push.settings().toString().contains(h.apiToken), "settings toString leaks the token");
  }

  @Test
  void configPartialUpdateKeepsUnspecifiedFields() throws Exception {
    h.configured();

    assertOk(h.write("config", Map.of("environment_url", "https://xyz98765.live.dynatrace.com/", "api_token", h.apiToken)));

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
  void configInPlatformTokenModePushesOnlyThePlatformTokenAndShowsItsFingerprint() throws Exception {
    String platformToken = EngineHarness.randomText("dt0s16.", 8) + EngineHarness.randomText(".", 64);
    Map<String, Object> config = h.validConfig();
    config.putAll(Map.of("auth_mode", "platform_token", "platform_token", platformToken,
        "environment_url", "https://abc12345.apps.dynatrace.com"));

    assertOk(h.write("config", config));

    ConnectionSettings pushed = h.broker.pushes.get(0).settings();
    assertEquals(ConnectionSettings.AuthMode.PLATFORM_TOKEN, pushed.authMode());
    assertEquals(platformToken, pushed.platformToken());
    assertNull(pushed.apiToken());
    assertNull(pushed.oauthClientSecret());
    assertFalse(pushed.toString().contains(platformToken), "settings toString leaks the platform token");
    Map<String, Object> data = h.read("config").data();
    assertEquals("platform_token", data.get("auth_mode"));
    assertEquals(ConfigEntry.fingerprint(platformToken), data.get("platform_token_fingerprint"));
    assertFalse(data.containsKey("platform_token"));
    assertFalse(Storage.JSON.writeValueAsString(data).contains(platformToken), "read output contains the platform token");
  }

  @Test
  void switchingToPlatformTokenModeKeepsTheOtherCredentialsButSendsOnlyTheSelectedOne() throws Exception {
    h.configured();
    String platformToken = EngineHarness.randomText("dt0s16.", 8) + EngineHarness.randomText(".", 64);

    assertOk(h.write("config", Map.of("auth_mode", "platform_token", "platform_token", platformToken)));
    assertOk(h.write("config", Map.of("environment_url", "https://xyz98765.apps.dynatrace.com",
        "platform_token", platformToken)));

    ConnectionSettings pushed = h.broker.pushes.get(2).settings();
    assertEquals(ConnectionSettings.AuthMode.PLATFORM_TOKEN, pushed.authMode());
    assertEquals(platformToken, pushed.platformToken());
    assertNull(pushed.apiToken());
    Map<String, Object> data = h.read("config").data();
    assertEquals(ConfigEntry.fingerprint(h.apiToken), data.get("api_token_fingerprint"));
    assertEquals(ConfigEntry.fingerprint(platformToken), data.get("platform_token_fingerprint"));

    assertOk(h.write("config", Map.of("auth_mode", "api_token", "api_token", h.apiToken)));

    ConnectionSettings back = h.broker.pushes.get(3).settings();
    assertEquals(h.apiToken, back.apiToken());
    assertNull(back.platformToken());
  }

  @Test
  void configIsNotSavedWhenTheSidecarRefusesTheConnection() throws Exception {
    h.broker.failNext(FakeSidecar.Call.PUT, UpstreamException.rejected(401, "Token Authentication failed"));

    String error = errorOf(h.write("config", h.validConfig()));

    assertTrue(error.contains("Token Authentication failed") && error.contains("401"), error);
    assertNull(h.read("config"));
  }

  @Test
  void configIsNotSavedWhenTheSidecarIsUnreachable() throws Exception {
    h.broker.failNext(FakeSidecar.Call.VERIFY, UpstreamException.retryable("connection refused", null));

    CodedError e = assertThrows(CodedError.class, () -> h.write("config", h.validConfig()));

    assertEquals(503, e.status());
    assertNull(h.read("config"));
    assertTrue(h.broker.pushes.isEmpty(), "nothing was pushed");
  }

  @Test
  void aPushThatFailsAfterTheSaveKeepsTheConfigAndSaysSo() throws Exception {
    h.broker.failNext(FakeSidecar.Call.PUT, UpstreamException.retryable("connection refused", null));

    Response r = h.write("config", h.validConfig());

    assertOk(r);
    assertTrue(r.warnings().get(0).contains("connection refused") && r.warnings().get(0).contains("pushes it again"),
        r.warnings().toString());
    assertEquals("https://abc12345.live.dynatrace.com", h.read("config").data().get("environment_url"));
    h.withRole("ci", Map.of("scopes", "metrics.read"));
    h.issue("ci"); // the connection pushes itself on first use
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
    update.put("api_token", h.apiToken);

    assertOk(h.write("config", update));

    assertEquals(2, h.broker.endpoints.size());
    assertEquals(1, h.broker.closed);
  }
}
