package io.dtvb.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.dynatrace.ApiTokenInfo;
import io.dtvb.dynatrace.DeleteOutcome;
import io.dtvb.dynatrace.DynatraceException;
import io.dtvb.dynatrace.DynatraceTokenApi;
import io.dtvb.dynatrace.MintedToken;
import io.dtvb.dynatrace.TokenCreateRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The plugin-facing API over plain HTTP with a scripted Dynatrace client (mTLS is tested apart). */
class SidecarRoutesTest {
  private Vertx vertx;
  private WebClient client;
  private final FakeApi api = new FakeApi();
  private final List<JsonObject> events = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    ConnectionService connections = new ConnectionService(c -> api);
    SidecarRoutes routes = new SidecarRoutes(connections,
        new TokenService(connections, (event, fields) -> {
          events.add(fields.copy().put("event", event));
          return io.vertx.core.Future.succeededFuture();
        }));
    int port = vertx.createHttpServer().requestHandler(routes.router(vertx)).listen(0, "127.0.0.1")
        .await(10, TimeUnit.SECONDS).actualPort();
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> send(HttpMethod method, String path, JsonObject body) throws Exception {
    var req = client.request(method, path);
    return (body == null ? req.send() : req.sendJsonObject(body)).await(10, TimeUnit.SECONDS);
  }

  private static JsonObject connection(String secret) {
    return new JsonObject().put("environment_url", "https://abc.live.dynatrace.com")
        .put("auth_mode", "api_token").put("api_token", secret);
  }

  private static JsonObject mintBody() {
    return new JsonObject().put("name", "vault-x").put("scopes", new JsonArray().add("metrics.read"))
        .put("expiration_date", "2030-01-01T00:00:00Z")
        .put("lease", new JsonObject().put("role", "ci").put("mount", "dynatrace/"));
  }

  @Test
  void putConnectionAnswersFingerprintNeverTheSecret() throws Exception {
    String secret = "secret-" + UUID.randomUUID();
    HttpResponse<Buffer> r = send(HttpMethod.PUT, "/v1/connections/m1", connection(secret));
    assertEquals(200, r.statusCode());
    assertTrue(r.bodyAsJsonObject().getString("credential_fingerprint").startsWith("sha256:"));
    assertFalse(r.bodyAsString().contains(secret));
  }

  @Test
  void mintOnUnknownConnectionTellsThePluginToRepush() throws Exception {
    HttpResponse<Buffer> r = send(HttpMethod.POST, "/v1/connections/nope/tokens", mintBody());
    assertEquals(404, r.statusCode());
    assertEquals("unknown_connection", r.bodyAsJsonObject().getJsonObject("error").getString("kind"));
  }

  @Test
  void mintReturnsTheTokenAndRecordsAnEventWithoutIt() throws Exception {
    send(HttpMethod.PUT, "/v1/connections/m1", connection("s"));
    HttpResponse<Buffer> r = send(HttpMethod.POST, "/v1/connections/m1/tokens", mintBody());
    assertEquals(201, r.statusCode());
    assertEquals(api.lastToken, r.bodyAsJsonObject().getString("token"));
    assertEquals("minted", events.get(0).getString("event"));
    assertEquals("ci", events.get(0).getJsonObject("lease").getString("role"));
    assertFalse(events.toString().contains(api.lastToken));
  }

  @Test
  void malformedMintBodyIs400NamingTheField() throws Exception {
    send(HttpMethod.PUT, "/v1/connections/m1", connection("s"));
    HttpResponse<Buffer> r = send(HttpMethod.POST, "/v1/connections/m1/tokens", mintBody().put("scopes", "x"));
    assertEquals(400, r.statusCode());
    assertTrue(r.bodyAsJsonObject().getJsonObject("error").getString("message").contains("scopes"));
    r = send(HttpMethod.POST, "/v1/connections/m1/tokens", mintBody().put("expiration_date", "tomorrow"));
    assertTrue(r.bodyAsJsonObject().getJsonObject("error").getString("message").contains("expiration_date"));
  }

  @Test
  void connectionMissingItsCredentialIs400NamingIt() throws Exception {
    HttpResponse<Buffer> r = send(HttpMethod.PUT, "/v1/connections/m1",
        new JsonObject().put("environment_url", "https://x.example").put("auth_mode", "oauth"));
    assertEquals(400, r.statusCode());
    assertTrue(r.bodyAsString().contains("oauth_client_id"));
    r = send(HttpMethod.PUT, "/v1/connections/m1", connection("s").put("environment_url", "ftp://x"));
    assertTrue(r.bodyAsString().contains("environment_url"));
  }

  @Test
  void dynatraceRefusalIs422WithItsMessageAndRetryableIs503() throws Exception {
    send(HttpMethod.PUT, "/v1/connections/m1", connection("s"));
    api.failWith = new DynatraceException(400, false, "Invalid scope: foo");
    HttpResponse<Buffer> r = send(HttpMethod.POST, "/v1/connections/m1/tokens", mintBody());
    assertEquals(422, r.statusCode());
    JsonObject err = r.bodyAsJsonObject().getJsonObject("error");
    assertEquals("rejected", err.getString("kind"));
    assertEquals(400, err.getInteger("upstream_status"));
    assertEquals("Invalid scope: foo", err.getString("message"));
    api.failWith = new DynatraceException(429, true, "throttled");
    r = send(HttpMethod.DELETE, "/v1/connections/m1/tokens/dt0c01.ABC", null);
    assertEquals(503, r.statusCode());
    assertEquals("retryable", r.bodyAsJsonObject().getJsonObject("error").getString("kind"));
    assertEquals("revoke_failed", events.get(events.size() - 1).getString("event"));
  }

  @Test
  void deleteReportsAlreadyGone() throws Exception {
    send(HttpMethod.PUT, "/v1/connections/m1", connection("s"));
    api.deleteOutcome = DeleteOutcome.ALREADY_GONE;
    HttpResponse<Buffer> r = send(HttpMethod.DELETE, "/v1/connections/m1/tokens/dt0c01.ABC", null);
    assertEquals(200, r.statusCode());
    assertEquals("already_gone", r.bodyAsJsonObject().getString("result"));
  }

  @Test
  void deletedConnectionIsUnknownAfterwards() throws Exception {
    send(HttpMethod.PUT, "/v1/connections/m1", connection("s"));
    assertEquals(204, send(HttpMethod.DELETE, "/v1/connections/m1", null).statusCode());
    assertEquals(404, send(HttpMethod.DELETE, "/v1/connections/m1/tokens/x", null).statusCode());
  }

  @Test
  void revokeByNameListsTheMinterOwnersTokensAndDeletesOnlyTheExactName() throws Exception {
    send(HttpMethod.PUT, "/v1/connections/m1", connection("s"));
    api.tokens.add(info("id.1", "vault-ci-abc"));
    api.tokens.add(info("id.2", "vault-ci-abcd"));
    HttpResponse<Buffer> r = send(HttpMethod.POST, "/v1/connections/m1/tokens/revoke-by-name",
        new JsonObject().put("name", "vault-ci-abc"));
    assertEquals(200, r.statusCode());
    assertEquals(1, r.bodyAsJsonObject().getInteger("deleted"));
    assertEquals("owner(\"minter@example.invalid\")", api.lastSelector);
    assertEquals(List.of("id.1"), api.deleted);
    assertEquals("rolled_back", events.get(events.size() - 1).getString("event"));
  }

  @Test
  void listByPrefixAnswersOnlyTheMintersTokensWithThePrefixAndNoValues() throws Exception {
    send(HttpMethod.PUT, "/v1/connections/m1", connection("s"));
    api.tokens.add(info("id.1", "vault-abcdefgh-ci-x"));
    api.tokens.add(info("id.2", "vault-abcdefgi-ci-y"));
    api.tokens.add(info("id.3", "hand-made"));

    HttpResponse<Buffer> r = send(HttpMethod.GET, "/v1/connections/m1/tokens?name_prefix=vault-abcdefgh-", null);

    assertEquals(200, r.statusCode());
    JsonArray tokens = r.bodyAsJsonObject().getJsonArray("tokens");
    assertEquals(1, tokens.size());
    assertEquals("id.1", tokens.getJsonObject(0).getString("token_id"));
    assertEquals("vault-abcdefgh-ci-x", tokens.getJsonObject(0).getString("name"));
    assertFalse(tokens.getJsonObject(0).containsKey("token"));
    assertEquals("owner(\"minter@example.invalid\")", api.lastSelector);
  }

  @Test
  void listByPrefixRefusesAMissingOrShortPrefixNamingIt() throws Exception {
    send(HttpMethod.PUT, "/v1/connections/m1", connection("s"));
    for (String query : List.of("", "?name_prefix=", "?name_prefix=vault-")) {
      HttpResponse<Buffer> r = send(HttpMethod.GET, "/v1/connections/m1/tokens" + query, null);
      assertEquals(400, r.statusCode());
      assertTrue(r.bodyAsString().contains("name_prefix"), r.bodyAsString());
    }
  }

  private static final String PLATFORM_TOKEN =
      "dt0s16.ABCD1234.SECRETSECRETSECRETSECRETSECRETSECRETSECRETSECRETSECRETSECRET1234";

  private static JsonObject platformConnection(String token) {
    JsonObject c = new JsonObject().put("environment_url", "https://abc.apps.dynatrace.com")
        .put("auth_mode", "platform_token");
    return token == null ? c : c.put("platform_token", token);
  }

  @Test
  void platformTokenConnectionAnswersFingerprintNeverTheSecret() throws Exception {
    HttpResponse<Buffer> r = send(HttpMethod.PUT, "/v1/connections/p1", platformConnection(PLATFORM_TOKEN));
    assertEquals(200, r.statusCode());
    assertEquals("platform_token", r.bodyAsJsonObject().getString("auth_mode"));
    assertEquals(ConnectionService.fingerprint(PLATFORM_TOKEN), r.bodyAsJsonObject().getString("credential_fingerprint"));
    assertFalse(r.bodyAsString().contains("SECRETSECRET"));
  }

  @Test
  void platformTokenConnectionWithoutOrWithAWrongTokenIs400NamingTheField() throws Exception {
    for (JsonObject body : List.of(platformConnection(null), platformConnection(" "),
        platformConnection("dt0c01.ABCDEFGHIJKLMNOPQRSTUVWX.SECRET"), platformConnection(null).put("api_token", "x"))) {
      HttpResponse<Buffer> r = send(HttpMethod.PUT, "/v1/connections/p1", body);
      assertEquals(400, r.statusCode(), body.encode());
      assertEquals("invalid_request", r.bodyAsJsonObject().getJsonObject("error").getString("kind"));
      assertTrue(r.bodyAsString().contains("platform_token"), r.bodyAsString());
      assertFalse(r.bodyAsString().contains("SECRET"));
    }
    HttpResponse<Buffer> r = send(HttpMethod.POST, "/v1/connections/p1/verify", null);
    assertEquals(404, r.statusCode());
  }

  @Test
  void unknownAuthModeIs400ListingTheThreeModes() throws Exception {
    HttpResponse<Buffer> r = send(HttpMethod.PUT, "/v1/connections/m1", connection("s").put("auth_mode", "saml"));
    assertEquals(400, r.statusCode());
    String message = r.bodyAsJsonObject().getJsonObject("error").getString("message");
    assertTrue(message.contains("auth_mode") && message.contains("api_token") && message.contains("oauth")
        && message.contains("platform_token"), message);
  }

  @Test
  void verifyInPlatformTokenModeReportsTheTokenIdButNotTheSecret() throws Exception {
    send(HttpMethod.PUT, "/v1/connections/p1", platformConnection(PLATFORM_TOKEN));
    api.tokens.add(info("id.1", "vault-ci-abc"));
    HttpResponse<Buffer> r = send(HttpMethod.POST, "/v1/connections/p1/verify", null);
    assertEquals(200, r.statusCode());
    JsonObject body = r.bodyAsJsonObject();
    assertEquals("platform_token", body.getString("auth_mode"));
    assertEquals("dt0s16.ABCD1234", body.getString("token_id"));
    assertEquals(1, body.getInteger("tokens_visible"));
    assertFalse(body.containsKey("scopes"));
    assertFalse(r.bodyAsString().contains("SECRETSECRET"));
  }

  @Test
  void verifyInPlatformTokenModePassesARefusalThrough() throws Exception {
    send(HttpMethod.PUT, "/v1/connections/p1", platformConnection(PLATFORM_TOKEN));
    api.failWith = new DynatraceException(403, false, "Dynatrace answered 403: The platform token has expired.");
    HttpResponse<Buffer> r = send(HttpMethod.POST, "/v1/connections/p1/verify", null);
    assertEquals(422, r.statusCode());
    assertEquals(403, r.bodyAsJsonObject().getJsonObject("error").getInteger("upstream_status"));
    assertTrue(r.bodyAsString().contains("expired"));
  }

  @Test
  void revokeByNameInPlatformTokenModeListsTheEnvironmentWithoutAnOwnerFilter() throws Exception {
    send(HttpMethod.PUT, "/v1/connections/p1", platformConnection(PLATFORM_TOKEN));
    api.tokens.add(info("id.1", "vault-ci-abc"));
    api.tokens.add(info("id.2", "vault-ci-abcd"));
    HttpResponse<Buffer> r = send(HttpMethod.POST, "/v1/connections/p1/tokens/revoke-by-name",
        new JsonObject().put("name", "vault-ci-abc"));
    assertEquals(200, r.statusCode());
    assertEquals(1, r.bodyAsJsonObject().getInteger("deleted"));
    assertEquals(null, api.lastSelector);
    assertEquals(List.of("id.1"), api.deleted);
  }

  private static ApiTokenInfo info(String id, String name) {
    return new ApiTokenInfo(id, name, true, "minter@example.invalid", List.of(), null, null);
  }

  @Test
  void revokeRecordsThePluginsAuditContextAndTidyDeletionsAsSwept() throws Exception {
    send(HttpMethod.PUT, "/v1/connections/m1", connection("s"));
    JsonObject lease = new JsonObject().put("mount", "dynatrace/").put("role", "ci").put("entity_id", "e-1");

    assertEquals(200, send(HttpMethod.DELETE, "/v1/connections/m1/tokens/dt0c01.A",
        new JsonObject().put("lease", lease).put("cause", "lease").put("reason", "lease revoked")).statusCode());
    assertEquals(200, send(HttpMethod.DELETE, "/v1/connections/m1/tokens/dt0c01.B",
        new JsonObject().put("cause", "tidy").put("reason", "orphan")).statusCode());
    assertEquals(200, send(HttpMethod.DELETE, "/v1/connections/m1/tokens/dt0c01.C", null).statusCode());

    JsonObject revoked = events.get(events.size() - 3);
    assertEquals("revoked", revoked.getString("event"));
    assertEquals("e-1", revoked.getJsonObject("lease").getString("entity_id"));
    assertEquals("lease revoked", revoked.getString("reason"));
    assertEquals("dt0c01.A", revoked.getString("token_id"));
    assertEquals("swept", events.get(events.size() - 2).getString("event"));
    send(HttpMethod.DELETE, "/v1/connections/m1/tokens/dt0c01.OLD",
        new JsonObject().put("cause", "rotation").put("reason", "minter token rotated"));
    assertEquals("rotated_root", events.get(events.size() - 1).getString("event"));
    events.remove(events.size() - 1);
    assertEquals("revoked", events.get(events.size() - 1).getString("event"));
  }

  @Test
  void renewalIsRecordedWithoutCallingDynatrace() throws Exception {
    send(HttpMethod.PUT, "/v1/connections/m1", connection("s"));

    HttpResponse<Buffer> r = send(HttpMethod.POST, "/v1/connections/m1/tokens/dt0c01.A/renewed",
        new JsonObject().put("lease", new JsonObject().put("role", "ci")).put("reason", "lease renewed for 1800s"));

    assertEquals(200, r.statusCode());
    JsonObject renewed = events.get(events.size() - 1);
    assertEquals("renewed", renewed.getString("event"));
    assertEquals("dt0c01.A", renewed.getString("token_id"));
    assertTrue(api.deleted.isEmpty());
    assertEquals(404, send(HttpMethod.POST, "/v1/connections/nope/tokens/dt0c01.A/renewed", new JsonObject()).statusCode());
  }

  @Test
  void metricsCountOperationsByOutcomeWithoutSecrets() throws Exception {
    send(HttpMethod.PUT, "/v1/connections/m1", connection("s3cret-value"));
    send(HttpMethod.POST, "/v1/connections/m1/tokens", mintBody());
    api.failWith = new DynatraceException(503, true, "Dynatrace answered 503");
    send(HttpMethod.POST, "/v1/connections/m1/tokens", mintBody());

    String text = send(HttpMethod.GET, "/metrics", null).bodyAsString();

    assertTrue(text.contains("dvb_sidecar_operations_total{operation=\"mint\",outcome=\"ok\"} 1.0"), text);
    assertTrue(text.contains("dvb_sidecar_operations_total{operation=\"mint\",outcome=\"retryable\"} 1.0"), text);
    assertTrue(text.contains("dvb_sidecar_operation_duration_seconds_bucket"), text);
    assertTrue(text.contains("dvb_sidecar_operations_in_flight 0.0"), text);
    assertFalse(text.contains("s3cret-value"));
  }

  @Test
  void readinessFollowsTheConnectionsLastDynatraceCall() throws Exception {
    assertEquals(200, send(HttpMethod.GET, "/health/live", null).statusCode());
    HttpResponse<Buffer> none = send(HttpMethod.GET, "/health/ready", null);
    assertEquals(503, none.statusCode());
    assertTrue(none.bodyAsString().contains("no connection pushed yet"), none.bodyAsString());

    send(HttpMethod.PUT, "/v1/connections/m1", connection("s"));
    assertEquals(503, send(HttpMethod.GET, "/health/ready", null).statusCode(), "unknown until a call worked");
    send(HttpMethod.POST, "/v1/connections/m1/tokens", mintBody());
    assertEquals(200, send(HttpMethod.GET, "/health/ready", null).statusCode());
    api.failWith = new DynatraceException(503, true, "Dynatrace answered 503");
    send(HttpMethod.POST, "/v1/connections/m1/tokens", mintBody());
    HttpResponse<Buffer> failing = send(HttpMethod.GET, "/health/ready", null);
    assertEquals(503, failing.statusCode());
    assertEquals("failing", failing.bodyAsJsonObject().getJsonObject("connections").getJsonObject("m1").getString("status"));
  }

  @Test
  void healthAnswersOk() throws Exception {
    assertEquals("ok", send(HttpMethod.GET, "/health", null).bodyAsJsonObject().getString("status"));
  }

  /** A scripted Dynatrace client. */
  static final class FakeApi implements DynatraceTokenApi {
    volatile DynatraceException failWith;
    volatile DeleteOutcome deleteOutcome = DeleteOutcome.DELETED;
    volatile String lastToken;

    @Override
    public Future<MintedToken> create(TokenCreateRequest request) {
      if (failWith != null) {
        return Future.failedFuture(failWith);
      }
      lastToken = "fake." + UUID.randomUUID();
      return Future.succeededFuture(new MintedToken("fake.id", lastToken, request.expirationDate()));
    }

    @Override
    public Future<DeleteOutcome> delete(String tokenId) {
      deleted.add(tokenId);
      return failWith != null ? Future.failedFuture(failWith) : Future.succeededFuture(deleteOutcome);
    }

    volatile String lastSelector;
    final List<String> deleted = new ArrayList<>();
    final List<ApiTokenInfo> tokens = new ArrayList<>();

    @Override
    public Future<ApiTokenInfo> lookup(String tokenSecret) {
      return Future.succeededFuture(new ApiTokenInfo("minter.id", "minter", true, "minter@example.invalid",
          List.of("apiTokens.read", "apiTokens.write"), null, null));
    }

    @Override
    public Future<List<ApiTokenInfo>> list(String apiTokenSelector) {
      lastSelector = apiTokenSelector;
      return failWith != null ? Future.failedFuture(failWith) : Future.succeededFuture(List.copyOf(tokens));
    }

    volatile int closed;

    @Override
    public Future<Void> close() {
      closed++;
      return Future.succeededFuture();
    }
  }

}
