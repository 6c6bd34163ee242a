package io.dtvb.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.leaselog.Checkpoint;
import io.dtvb.leaselog.FileLogStore;
import io.dtvb.leaselog.LeaseLog;
import io.dtvb.leaselog.LogKey;
import io.dtvb.leaselog.LogVerifier;
import io.dtvb.leaselog.MerkleHashes;
import io.dtvb.leaselog.MerkleProofs;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upstream actions land in the signed lease log with their Vault context, and the log's reads prove it. */
class LeaseLogRoutesTest {
  @TempDir
  Path dir;
  private Vertx vertx;
  private WebClient client;
  private LeaseLog log;
  private final SidecarRoutesTest.FakeApi api = new SidecarRoutesTest.FakeApi();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    String origin = LeaseLog.origin("test");
    log = new LeaseLog(FileLogStore.open(dir.resolve("log")), LogKey.loadOrCreate(dir, origin), origin);
    ConnectionService connections = new ConnectionService(c -> api);
    SidecarRoutes routes = new SidecarRoutes(connections, new TokenService(connections, new LeaseLogEvents(vertx, log)),
        new SidecarMetrics(), log);
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

  private JsonObject json(String path) throws Exception {
    HttpResponse<Buffer> r = send(HttpMethod.GET, path, null);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  private void lifeOfOneToken() throws Exception {
    send(HttpMethod.PUT, "/v1/connections/m1", new JsonObject().put("environment_url", "https://abc.live.dynatrace.com")
        .put("auth_mode", "api_token").put("api_token", "dt0c01.MINTERMINTERMINTERMINTER.SECRETSECRETSECRETSECRET"));
    JsonObject lease = new JsonObject().put("mount", "dynatrace/").put("role", "ci").put("entity_id", "entity-1")
        .put("display_name", "token-ci").put("request_id", "req-1").put("hard_end", "2030-01-01T01:00:00Z")
        .put("metadata", new JsonObject().put("team", "payments"));
    HttpResponse<Buffer> minted = send(HttpMethod.POST, "/v1/connections/m1/tokens", new JsonObject()
        .put("name", "vault-abcdefgh-ci-x").put("scopes", new JsonArray().add("metrics.read"))
        .put("expiration_date", "2030-01-01T01:01:00Z").put("lease", lease));
    assertEquals(201, minted.statusCode(), minted.bodyAsString());
    String tokenId = minted.bodyAsJsonObject().getString("token_id");
    send(HttpMethod.POST, "/v1/connections/m1/tokens/" + tokenId + "/renewed",
        new JsonObject().put("lease", lease).put("reason", "lease renewed for 600s"));
    send(HttpMethod.DELETE, "/v1/connections/m1/tokens/" + tokenId,
        new JsonObject().put("lease", lease.copy().put("token_name", "vault-abcdefgh-ci-x"))
            .put("cause", "lease").put("reason", "lease revoked"));
  }

  @Test
  void mintRenewRevokeAreLoggedWithTheirVaultContext() throws Exception {
    lifeOfOneToken();

    JsonArray entries = json("/v1/lease-log/entries?start=0&end=10").getJsonArray("entries");

    List<String> types = new ArrayList<>();
    entries.forEach(e -> types.add(((JsonObject) e).getString("type")));
    assertEquals(List.of("minted", "renewed", "revoked"), types);
    JsonObject minted = entries.getJsonObject(0);
    assertEquals("entity-1", minted.getString("entity_id"));
    assertEquals("ci", minted.getString("role"));
    assertEquals("vault-abcdefgh-ci-x", minted.getString("token_name"));
    assertEquals("payments", minted.getJsonObject("metadata").getString("team"));
    assertTrue(minted.getString("hard_end").startsWith("2030-01-01T01:00:00"), minted.encode());
    assertEquals(minted.getString("token_id"), entries.getJsonObject(2).getString("token_id"));
  }

  @Test
  void checkpointProofsAndExportVerifyAndHoldNoSecret() throws Exception {
    lifeOfOneToken();
    JsonObject cp = json("/v1/lease-log/checkpoint");
    String verifierKey = json("/v1/lease-log/public-key").getString("verifier_key");
    io.dtvb.leaselog.VerifierKey key = io.dtvb.leaselog.VerifierKey.parse(verifierKey);

    Checkpoint checkpoint = Checkpoint.open(cp.getString("checkpoint"), key);
    assertEquals(3, checkpoint.size());
    JsonObject inclusion = json("/v1/lease-log/inclusion?index=1&tree_size=3");
    List<byte[]> path = new ArrayList<>();
    inclusion.getJsonArray("hashes").forEach(h -> path.add(HexFormat.of().parseHex((String) h)));
    byte[] entry = json("/v1/lease-log/entries?start=1&end=2").getJsonArray("entries").getJsonObject(0).encode()
        .getBytes(StandardCharsets.UTF_8);
    assertTrue(MerkleProofs.verifyInclusion(MerkleHashes.leaf(entry), 1, 3, path, checkpoint.root()));

    String export = send(HttpMethod.GET, "/v1/lease-log/export", null).bodyAsString();
    LogVerifier.Result result = new LogVerifier(key).verify(new ByteArrayInputStream(export.getBytes(StandardCharsets.UTF_8)));
    assertInstanceOf(LogVerifier.Ok.class, result, String.valueOf(result));
    assertFalse(export.contains(api.lastToken == null ? "no-token" : api.lastToken), "a token value is in the log");
    assertFalse(export.contains("SECRETSECRET"), "the minter credential is in the log");
    assertEquals(export, json("/v1/lease-log/export?format=json").getString("export"));
  }

  @Test
  void badReadParametersAre400sNamingTheParameter() throws Exception {
    lifeOfOneToken();
    for (String q : List.of("/v1/lease-log/inclusion?index=3&tree_size=3", "/v1/lease-log/entries?start=x",
        "/v1/lease-log/consistency?first=3&second=2", "/v1/lease-log/entries?start=0&end=2000")) {
      HttpResponse<Buffer> r = send(HttpMethod.GET, q, null);
      assertEquals(400, r.statusCode(), q + " -> " + r.bodyAsString());
    }
  }
}
