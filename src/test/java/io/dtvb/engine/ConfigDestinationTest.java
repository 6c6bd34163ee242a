package io.dtvb.engine;

import static io.dtvb.engine.EngineHarness.assertOk;
import static io.dtvb.engine.EngineHarness.errorOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.sidecarapi.ConnectionSettings;
import io.dtvb.vaultsdk.framework.CodedError;
import io.dtvb.vaultsdk.framework.Log;
import io.dtvb.vaultsdk.framework.Response;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No credential leaves for a host nobody approved: a write that changes where the credential is
 * sent must carry it again, a refused write changes nothing (storage, the sidecar's live
 * connection), and a value with control characters is refused without being shown or logged.
 */
class ConfigDestinationTest {
  private final EngineHarness h = new EngineHarness();

  @Test
  void changingTheEnvironmentWithoutTheCredentialIsRefusedAndTheCredentialGoesNowhere() throws Exception {
    h.configured();
    int before = h.broker.credentialCalls.size();

    String error = errorOf(h.write("config", Map.of("environment_url", "https://evil.example.com")));

    assertTrue(error.contains("\"environment_url\"") && error.contains("api_token"), error);
    assertEquals(before, h.broker.credentialCalls.size(), "no call carried the credential");
    assertTrue(h.broker.credentialCalls.stream().noneMatch(s -> s.environmentUrl().contains("evil")));
    assertEquals("https://abc12345.live.dynatrace.com", h.read("config").data().get("environment_url"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sidecar_url", "sidecar_ca_pem", "auth_mode"})
  void everyDestinationFieldNeedsTheCredentialAgain(String field) throws Exception {
    Map<String, Object> config = h.validConfig();
    String platformToken = EngineHarness.randomText("dt0s16.", 8) + EngineHarness.randomText(".", 64);
    config.put("platform_token", platformToken); // stored, never sent in api_token mode
    assertOk(h.write("config", config));
    int before = h.broker.credentialCalls.size();
    Object value = switch (field) {
      case "sidecar_url" -> "https://sidecar-other.internal:8443";
      case "sidecar_ca_pem" -> TestPems.CERT + "\n" + TestPems.CERT;
      default -> "platform_token";
    };
    String credential = field.equals("auth_mode") ? "platform_token" : "api_token";

    String error = errorOf(h.write("config", Map.of(field, value)));

    assertTrue(error.contains("\"" + field + "\"") && error.contains("carry " + credential), error);
    assertEquals(before, h.broker.credentialCalls.size());
    assertFalse(h.broker.sawCredential(platformToken));

    Map<String, Object> again = new LinkedHashMap<>();
    again.put(field, value);
    again.put(credential, field.equals("auth_mode") ? platformToken : h.apiToken);
    assertOk(h.write("config", again));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sso_url", "oauth_resource", "environment_url"})
  void oauthDestinationsNeedTheClientSecretAgain(String field) throws Exception {
    Map<String, Object> oauth = h.validConfig();
    oauth.remove("api_token");
    oauth.put("auth_mode", "oauth");
    oauth.put("environment_url", "https://abc12345.apps.dynatrace.com");
    oauth.put("oauth_client_id", "dt0s02.CLIENT");
    oauth.put("oauth_client_secret", EngineHarness.randomText("secret-", 32));
    oauth.put("oauth_resource", "urn:dtaccount:00000000-0000-0000-0000-000000000001");
    assertOk(h.write("config", oauth));
    int before = h.broker.credentialCalls.size();
    String value = switch (field) {
      case "sso_url" -> "https://sso.evil.example.com/sso/oauth2/token";
      case "oauth_resource" -> "urn:dtaccount:00000000-0000-0000-0000-000000000002";
      default -> "https://xyz98765.apps.dynatrace.com";
    };

    String error = errorOf(h.write("config", Map.of(field, value)));

    assertTrue(error.contains("\"" + field + "\"") && error.contains("oauth_client_secret"), error);
    assertEquals(before, h.broker.credentialCalls.size());

    assertOk(h.write("config", Map.of(field, value, "oauth_client_secret", oauth.get("oauth_client_secret"))));
  }

  @Test
  void withTheCredentialTheNewEnvironmentIsVerifiedThenSavedThenPushed() throws Exception {
    h.configured();
    int before = h.broker.credentialCalls.size();

    assertOk(h.write("config", Map.of("environment_url", "https://xyz98765.live.dynatrace.com", "api_token", h.apiToken)));

    List<ConnectionSettings> calls = h.broker.credentialCalls.subList(before, h.broker.credentialCalls.size());
    assertEquals(2, calls.size(), "one candidate verification, one push");
    assertEquals(calls.get(0), h.broker.candidates.get(h.broker.candidates.size() - 1), "verified first");
    assertEquals("https://xyz98765.live.dynatrace.com", calls.get(1).environmentUrl());
    assertEquals(calls.get(1), h.broker.liveSettings(EngineHarness.MOUNT_UUID));
  }

  @Test
  void aRepeatedUnchangedDestinationNeedsNoCredential() throws Exception {
    h.configured();

    assertOk(h.write("config", Map.of("environment_url", "https://abc12345.live.dynatrace.com/", "tidy_interval", "1h")));
  }

  @Test
  void aRefusedCandidateChangesNeitherStorageNorTheLiveConnection() throws Exception {
    h.configured();
    ConnectionSettings live = h.broker.liveSettings(EngineHarness.MOUNT_UUID);
    Map<String, Object> stored = h.read("config").data();
    String other = EngineHarness.randomText("dt0c01.", 24) + EngineHarness.randomText(".", 64);
    h.broker.failNext(FakeSidecar.Call.VERIFY, UpstreamException.rejected(401, "Token Authentication failed"));

    String error = errorOf(h.write("config", Map.of("environment_url", "https://xyz98765.live.dynatrace.com",
        "api_token", other)));

    assertTrue(error.contains("Token Authentication failed"), error);
    assertEquals(live, h.broker.liveSettings(EngineHarness.MOUNT_UUID));
    assertEquals(stored, h.read("config").data());
    assertFalse(h.broker.pushes.stream().anyMatch(p -> other.equals(p.settings().apiToken())), "never pushed");
  }

  @Test
  void anUnreachableCandidateIsA503AndChangesNothing() throws Exception {
    h.configured();
    ConnectionSettings live = h.broker.liveSettings(EngineHarness.MOUNT_UUID);
    Map<String, Object> stored = h.read("config").data();
    h.broker.failNext(FakeSidecar.Call.VERIFY, UpstreamException.retryable("connection refused", null));

    CodedError e = assertThrows(CodedError.class, () -> h.write("config",
        Map.of("environment_url", "https://xyz98765.live.dynatrace.com", "api_token", h.apiToken)));

    assertEquals(503, e.status());
    assertEquals(live, h.broker.liveSettings(EngineHarness.MOUNT_UUID));
    assertEquals(stored, h.read("config").data());
  }

  @Test
  void withoutVerificationASidecarRefusalPutsThePreviousConfigBack() throws Exception {
    h.configured();
    Map<String, Object> stored = h.read("config").data();
    h.broker.failNext(FakeSidecar.Call.PUT, UpstreamException.invalid("policy: host not allowed"));

    String error = errorOf(h.write("config", Map.of("environment_url", "https://xyz98765.live.dynatrace.com",
        "api_token", h.apiToken, "verify_connection", false)));

    assertTrue(error.contains("policy: host not allowed"), error);
    assertEquals(stored, h.read("config").data());
  }

  @ParameterizedTest
  @ValueSource(strings = {"\r\n", "\n", "\u0000", "\r"})
  void aCredentialWithAControlCharacterIsRefusedWithoutShowingIt(String control) throws Exception {
    String secret = "dt0c01." + EngineHarness.randomText("", 24) + control + "X-Injected: " + EngineHarness.randomText("", 40);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Log.output(new PrintStream(log, true, StandardCharsets.UTF_8));
    Response r;
    try {
      Map<String, Object> config = h.validConfig();
      config.put("api_token", secret);
      r = h.write("config", config);
    } finally {
      Log.output(System.err);
    }

    String error = errorOf(r);
    assertTrue(error.contains("\"api_token\"") && error.contains("control character"), error);
    String tail = secret.substring(secret.indexOf("X-Injected"));
    assertFalse(r.data().toString().contains(tail) || r.data().toString().contains(secret.substring(0, 20)));
    String logged = log.toString(StandardCharsets.UTF_8);
    assertFalse(logged.contains(tail) || logged.contains(secret.substring(0, 20)), logged);
    assertTrue(h.broker.credentialCalls.isEmpty(), "no network call");
  }

  @ParameterizedTest
  @ValueSource(strings = {"environment_url", "sso_url", "sidecar_url", "oauth_client_id", "platform_token"})
  void aUrlOrCredentialWithALineBreakIsRefusedNamingTheField(String field) throws Exception {
    Map<String, Object> config = h.validConfig();
    config.put(field, "https://abc12345.live.dynatrace.com\r\nHost: evil.example.com");

    String error = errorOf(h.write("config", config));

    assertTrue(error.contains("\"" + field + "\"") && !error.contains("evil"), error);
    assertTrue(h.broker.credentialCalls.isEmpty());
  }
}
