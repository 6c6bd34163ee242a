package io.dtvb.dynatrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "Phase 3" environments refuse classic token creation with 400 "Creation of new tokens is now only
 * available in Account Management." [field-reported; envelope inferred]: the client marks exactly that.
 */
class ClassicCreationRetiredTest {
  private static final String RETIRED = "Creation of new tokens is now only available in Account Management.";
  private static Vertx vertx;
  private AccountApiStub stub;
  private DynatraceTokenApi api;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    vertx.close().await();
  }

  @BeforeEach
  void start() {
    stub = AccountApiStub.start(vertx);
    api = client(new DynatraceConnection(stub.url(), DynatraceConnection.AuthMode.API_TOKEN, "dt0c01.ABC.DEF",
        null, null, null, null, null, null));
  }

  @AfterEach
  void stop() {
    api.close().await();
    stub.stop();
  }

  private DynatraceTokenApi client(DynatraceConnection connection) {
    return DynatraceTokenApiHttp.create(vertx, connection, DynatraceClientOptions.defaults()
        .withResilience(Resilience.defaults().withAttempts(1, Duration.ofMillis(1), Duration.ofMillis(1))));
  }

  private static TokenCreateRequest request() {
    return new TokenCreateRequest("vault-x", List.of("metrics.read"), Instant.now().plusSeconds(3600), false);
  }

  private DynatraceException createFailure(DynatraceTokenApi client) {
    return assertThrows(DynatraceException.class, () -> client.create(request()).await());
  }

  @Test
  void theClassicEnvelopeWithTheRetirementMessageIsRetired() {
    stub.respond("POST", "/api/v2/apiTokens", 400, "{\"error\":{\"code\":400,\"message\":\"" + RETIRED + "\"}}");

    DynatraceException e = createFailure(api);

    assertTrue(e.classicCreationRetired());
    assertEquals(400, e.status());
    assertFalse(e.retryable());
    assertTrue(e.getMessage().startsWith("Dynatrace answered 400 to POST /apiTokens: " + RETIRED), e.getMessage());
    assertTrue(e.getMessage().contains("Account Management API"), e.getMessage());
  }

  @Test
  void otherEnvelopesAndAnyCaseAreRecognisedToo() {
    stub.respond("POST", "/api/v2/apiTokens", 400, "{\"error\":true,\"message\":\"" + RETIRED + "\",\"payload\":null}");
    assertTrue(createFailure(api).classicCreationRetired());

    stub.respond("POST", "/api/v2/apiTokens", 400, "creation of new tokens is now ONLY AVAILABLE IN ACCOUNT MANAGEMENT");
    assertTrue(createFailure(api).classicCreationRetired());
  }

  @Test
  void throughThePlatformProxyToo() {
    DynatraceTokenApi proxied = client(new DynatraceConnection(stub.url(), DynatraceConnection.AuthMode.PLATFORM_TOKEN,
        null, null, null, null, null, null, "dt0s16.ABCDEFGH.SECRETSECRETSECRET"));
    try {
      stub.respond("POST", "/platform/classic/environment-api/v2/apiTokens", 400,
          "{\"error\":{\"code\":400,\"message\":\"" + RETIRED + "\"}}");

      assertTrue(createFailure(proxied).classicCreationRetired());
    } finally {
      proxied.close().await();
    }
  }

  @Test
  void anyOther400IsAnOrdinaryBadRequest() {
    stub.respond("POST", "/api/v2/apiTokens", 400, "{\"error\":{\"code\":400,\"message\":\"Invalid scope: foo\"}}");
    DynatraceException e = createFailure(api);
    assertFalse(e.classicCreationRetired());
    assertEquals("Dynatrace answered 400 to POST /apiTokens: Invalid scope: foo", e.getMessage());

    stub.respond("POST", "/api/v2/apiTokens", 400, "");
    assertFalse(createFailure(api).classicCreationRetired());
  }

  @Test
  void theMessageOnAnotherStatusOrCallIsNotRetirement() {
    String body = "{\"error\":{\"code\":403,\"message\":\"" + RETIRED + "\"}}";
    stub.respond("POST", "/api/v2/apiTokens", 403, body);
    assertFalse(createFailure(api).classicCreationRetired());

    stub.respond("DELETE", "/api/v2/apiTokens", 400, body.replace("403", "400"));
    DynatraceException onDelete = assertThrows(DynatraceException.class, () -> api.delete("dt0c01.ABC").await());
    assertEquals(400, onDelete.status());
    assertFalse(onDelete.classicCreationRetired());
  }
}
