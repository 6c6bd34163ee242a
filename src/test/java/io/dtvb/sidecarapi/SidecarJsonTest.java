package io.dtvb.sidecarapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The one JSON mapping of the contract: round trips, snake_case names, field-named refusals. */
class SidecarJsonTest {
  private static final Instant END = Instant.parse("2030-01-01T00:00:00Z");

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void mintRequestRoundTripsWithItsLease() {
    MintRequest r = new MintRequest("vault-abc-ci-1", List.of("metrics.read"), END, false,
        new LeaseContext("dynatrace/", "ci", "ent-1", "approle", "req-1", null, END, Map.of("team", "pay")));

    MintRequest back = SidecarJson.read(SidecarJson.write(r), MintRequest.class);

    assertEquals(r, back);
    assertEquals("vault-abc-ci-1", back.lease().tokenName(), "the lease names the token being minted");
  }

  @Test
  void wireNamesAreSnakeCaseAndTimesRfc3339() {
    String text = new String(SidecarJson.write(new MintRequest("n", List.of("a"), END, true, null)),
        StandardCharsets.UTF_8);

    assertTrue(text.contains("\"expiration_date\":\"2030-01-01T00:00:00Z\""), text);
    assertTrue(text.contains("\"personal_access_token\":true"), text);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"scopes\":[\"a\"],\"expiration_date\":\"2030-01-01T00:00:00Z\"}|name",
      "{\"name\":\"n\",\"scopes\":[],\"expiration_date\":\"2030-01-01T00:00:00Z\"}|scopes",
      "{\"name\":\"n\",\"scopes\":[\"a\"],\"expiration_date\":\"tomorrow\"}|expiration_date",
      "{\"name\":\"n\",\"scopes\":[\"a\"]}|expiration_date",
      "{\"name\":\"n\",\"scopes\":[\"a\"],\"expiration_date\":\"2030-01-01T00:00:00Z\",\"cause\":\"tidy\"}|cause",
      "{\"name\":\"n\",\"scopes\":[\"a\"],\"expiration_date\":\"2030-01-01T00:00:00Z\",\"personal_access_token\":\"yes\"}|personal_access_token",
      "{\"name\":[\"n\"],\"scopes\":[\"a\"],\"expiration_date\":\"2030-01-01T00:00:00Z\"}|name"})
  void aMalformedMintNamesTheField(String body, String field) {
    InvalidMessage e = assertThrows(InvalidMessage.class, () -> SidecarJson.read(json(body), MintRequest.class));

    assertEquals(field, e.field());
    assertTrue(e.getMessage().startsWith("invalid value for field \"" + field + "\""), e.getMessage());
  }

  @Test
  void aBodyThatIsNoObjectIsRefusedAsAWhole() {
    assertEquals(null, assertThrows(InvalidMessage.class, () -> SidecarJson.read(json("[1]"), TokenAction.class)).field());
    assertEquals(null, assertThrows(InvalidMessage.class, () -> SidecarJson.read(json("{"), TokenAction.class)).field());
    assertEquals(null, assertThrows(InvalidMessage.class, () -> SidecarJson.read(new byte[0], TokenAction.class)).field());
  }

  @Test
  void aRefusalNeverEchoesTheValue() {
    String secretish = "not-a-mode-" + "S3CR3T";
    InvalidMessage e = assertThrows(InvalidMessage.class, () -> SidecarJson.read(
        json("{\"environment_url\":\"https://x\",\"auth_mode\":\"" + secretish + "\"}"), ConnectionSettings.class));

    assertEquals("auth_mode", e.field());
    assertFalse(e.getMessage().contains(secretish), e.getMessage());
  }

  @Test
  void settingsFingerprintsFollowTheSettingsNotTheirIdentity() {
    ConnectionSettings a = settings("secret-one");
    ConnectionSettings b = SidecarJson.read(SidecarJson.write(a), ConnectionSettings.class);

    assertEquals(a.fingerprint(), b.fingerprint());
    assertNotEquals(a.fingerprint(), settings("secret-two").fingerprint());
    assertEquals(ConnectionSettings.sha256("secret-one"), a.credentialFingerprint());
    assertFalse(a.toString().contains("secret-one"), a.toString());
  }

  @Test
  void controlCharactersAreNamedByField() {
    ConnectionSettings s = new ConnectionSettings("https://abc.live.dynatrace.com\n", ConnectionSettings.AuthMode.API_TOKEN,
        "tok\r\nX-Injected: 1", null, null, null, null, null, null);

    assertEquals(List.of("environment_url", "api_token"), s.fieldsWithControlCharacters());
    assertEquals(List.of(), settings("clean").fieldsWithControlCharacters());
  }

  @Test
  void errorKindsKeepTheirStatusAndUnknownKindsAreRetryable() {
    SidecarError e = SidecarJson.read(json("{\"error\":{\"kind\":\"policy\",\"message\":\"rule max_token_lifetime\","
        + "\"upstream_status\":0}}"), SidecarError.class);

    assertEquals(ErrorKind.POLICY, e.error().kind());
    assertEquals(403, e.error().kind().status());
    assertEquals(ErrorKind.RETRYABLE, ErrorKind.fromWire("something_new"));
  }

  @Test
  void deleteResultsSpeakTheirWireNames() {
    assertEquals("{\"result\":\"already_gone\"}", new String(SidecarJson.write(DeleteResult.ALREADY_GONE),
        StandardCharsets.UTF_8));
    assertTrue(SidecarJson.read(json("{\"result\":\"already_gone\"}"), DeleteResult.class).alreadyGone());
  }

  private static ConnectionSettings settings(String token) {
    return new ConnectionSettings("https://abc.live.dynatrace.com", ConnectionSettings.AuthMode.API_TOKEN, token,
        null, null, null, null, null, null);
  }
}
