package io.dtvb.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.sidecarapi.ConnectionSettings;
import io.dtvb.sidecarapi.LeaseContext;
import io.dtvb.sidecarapi.MintRequest;
import io.dtvb.sidecarapi.SidecarPaths;
import io.dtvb.sidecarapi.TokenAction;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connection settings: candidates, staleness, malformed values, and what the health endpoints reveal. */
class ConnectionRulesTest {
  @TempDir Path dir;
  private SidecarHarness h;
  private ConnectionSettings s;

  @BeforeEach
  void start() throws Exception {
    h = new SidecarHarness(dir);
    s = h.settings();
  }

  @AfterEach
  void stop() throws Exception {
    h.close();
  }

  private static MintRequest mint(String name) {
    return new MintRequest(name, List.of("metrics.read"), Instant.now().plus(1, ChronoUnit.HOURS), false,
        new LeaseContext("dynatrace/", "ci", null, null, null, name, null, Map.of()));
  }

  private HttpResponse<Buffer> mintWith(ConnectionSettings settings, String name) throws Exception {
    return h.call(h.a, HttpMethod.POST, SidecarPaths.fill(SidecarPaths.TOKENS, "m1", null), settings, mint(name));
  }

  @Test
  void aCandidateWithABadCredentialLeavesTheLiveConnectionMintingAndRevoking() throws Exception {
    assertEquals(200, h.put(h.a, "m1", s).statusCode());
    ConnectionSettings bad = h.settings("dt0c01.BADPUBLICPART." + "x".repeat(40));
    HttpResponse<Buffer> verify = h.call(h.a, HttpMethod.POST, SidecarPaths.fill(SidecarPaths.VERIFY, "m1", null),
        s, bad);
    assertEquals(422, verify.statusCode(), verify.bodyAsString());
    assertFalse(verify.bodyAsString().contains("x".repeat(40)));

    HttpResponse<Buffer> minted = mintWith(s, "vault-cand-1");
    assertEquals(201, minted.statusCode(), minted.bodyAsString());
    String tokenId = minted.bodyAsJsonObject().getString("token_id");
    assertEquals(200, h.call(h.a, HttpMethod.DELETE, SidecarPaths.fill(SidecarPaths.TOKEN, "m1", tokenId), s,
        new TokenAction(null, "revoked")).statusCode());
    assertFalse(h.simTokenIds().contains(tokenId));

    HttpResponse<Buffer> good = h.call(h.a, HttpMethod.POST, SidecarPaths.fill(SidecarPaths.VERIFY, "m1", null), s,
        s);
    assertEquals(200, good.statusCode());
    assertEquals("api_token", good.bodyAsJsonObject().getString("auth_mode"));
  }

  @Test
  void oauthAndPlatformTokenConnectionsMintThroughTheSimulator() throws Exception {
    var info = h.sim.info();
    ConnectionSettings oauth = new ConnectionSettings(info.url(), ConnectionSettings.AuthMode.OAUTH, null,
        info.oauthClientId(), info.oauthClientSecret(), info.oauthResource(), null, info.ssoUrl(), null);
    ConnectionSettings platform = new ConnectionSettings(info.url(), ConnectionSettings.AuthMode.PLATFORM_TOKEN,
        null, null, null, null, null, null, info.platformToken());
    for (ConnectionSettings c : List.of(oauth, platform)) {
      String id = "m-" + c.authMode().wireName();
      HttpResponse<Buffer> put = h.put(h.a, id, c);
      assertEquals(200, put.statusCode(), put.bodyAsString());
      assertFalse(put.bodyAsString().contains(c.credential()));
      HttpResponse<Buffer> verify = h.call(h.a, HttpMethod.POST, SidecarPaths.fill(SidecarPaths.VERIFY, id, null), c,
          null);
      assertEquals(200, verify.statusCode(), verify.bodyAsString());
      assertEquals(c.authMode().wireName(), verify.bodyAsJsonObject().getString("auth_mode"));
      HttpResponse<Buffer> minted = h.call(h.a, HttpMethod.POST, SidecarPaths.fill(SidecarPaths.TOKENS, id, null), c,
          mint("vault-" + id + "-1"));
      assertEquals(201, minted.statusCode(), minted.bodyAsString());
      HttpResponse<Buffer> minter = h.call(h.a, HttpMethod.POST, SidecarPaths.fill(SidecarPaths.MINTER, id, null), c,
          new io.dtvb.sidecarapi.MinterRequest("vault-" + id + "-minter", Instant.now().plus(1, ChronoUnit.DAYS),
              null));
      assertEquals(400, minter.statusCode(), "a replacement minter exists only in api_token mode");
    }
  }

  @Test
  void aFirstCandidateVerifyBindsTheId() throws Exception {
    assertEquals(200, h.call(h.b, HttpMethod.POST, SidecarPaths.fill(SidecarPaths.VERIFY, "m3", null), s, s)
        .statusCode());
    assertEquals(403, h.put(h.a, "m3", s).statusCode());
    assertEquals(200, h.put(h.b, "m3", s).statusCode());
  }

  @Test
  void aStaleFingerprintIs409UntilTheSettingsArePushedAgain() throws Exception {
    assertEquals(200, h.put(h.a, "m1", s).statusCode());
    ConnectionSettings newer = new ConnectionSettings(s.environmentUrl() + "/", s.authMode(), s.apiToken(),
        null, null, null, null, null, null);
    HttpResponse<Buffer> stale = mintWith(newer, "vault-stale-1");
    assertEquals(409, stale.statusCode());
    assertEquals("stale_connection", SidecarHarness.kind(stale));
    assertEquals(200, h.put(h.a, "m1", newer).statusCode());
    assertEquals(201, mintWith(newer, "vault-stale-2").statusCode());

    HttpResponse<Buffer> unknown = h.call(h.a, HttpMethod.POST, SidecarPaths.fill(SidecarPaths.TOKENS, "nope", null),
        s, mint("vault-x-1"));
    assertEquals(404, unknown.statusCode());
    assertEquals("unknown_connection", SidecarHarness.kind(unknown));
    HttpResponse<Buffer> noHeader = h.a.post(SidecarPaths.fill(SidecarPaths.TOKENS, "m1", null))
        .sendBuffer(Buffer.buffer(io.dtvb.sidecarapi.SidecarJson.write(mint("vault-x-2")))).await(10, TimeUnit.SECONDS);
    assertEquals(400, noHeader.statusCode());
  }

  @Test
  void aControlCharacterInASettingIs400NamingTheFieldWithNoTraceOfTheValue() throws Exception {
    String marker = "INJECTED" + System.nanoTime();
    ConnectionSettings crlf = h.settings(s.apiToken() + "\r\nX-Injected: " + marker);
    ConnectionSettings nulUrl = new ConnectionSettings(s.environmentUrl() + "\u0000" + marker, s.authMode(),
        s.apiToken(), null, null, null, null, null, null);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    HttpResponse<Buffer> r1;
    HttpResponse<Buffer> r2;
    HttpResponse<Buffer> r3;
    try {
      r1 = h.put(h.a, "m1", crlf);
      r2 = h.put(h.a, "m1", nulUrl);
      r3 = h.call(h.a, HttpMethod.POST, SidecarPaths.fill(SidecarPaths.VERIFY, "m1", null), s, crlf);
    } finally {
      System.setErr(saved);
    }
    assertEquals(400, r1.statusCode());
    assertTrue(SidecarHarness.message(r1).contains("\"api_token\""), r1.bodyAsString());
    assertEquals(400, r2.statusCode());
    assertTrue(SidecarHarness.message(r2).contains("\"environment_url\""), r2.bodyAsString());
    assertEquals(400, r3.statusCode());
    for (HttpResponse<Buffer> r : List.of(r1, r2, r3)) {
      assertFalse(r.bodyAsString().contains(marker));
      assertFalse(r.bodyAsString().contains(s.apiToken()));
    }
    String log = err.toString(StandardCharsets.UTF_8);
    assertFalse(log.contains(marker), log);
    assertFalse(log.contains(s.apiToken()), log);
  }

  @Test
  void thePlainOpsListenerShowsCountsAndStatesOnlyAndMtlsReadinessOnlyTheCallersOwn() throws Exception {
    assertEquals(200, h.put(h.a, "m1-secret-name", s).statusCode());
    h.call(h.a, HttpMethod.POST, SidecarPaths.fill(SidecarPaths.TOKENS, "m1-secret-name", null), s, mint("vault-o-1"));
    h.sim.faults();
    WebClient plain = WebClient.create(h.vertx);
    String ready = plain.getAbs(h.app.opsUrl() + "/health/ready").send().await(10, TimeUnit.SECONDS).bodyAsString();
    String metrics = plain.getAbs(h.app.opsUrl() + "/metrics").send().await(10, TimeUnit.SECONDS).bodyAsString();
    assertFalse(ready.contains("m1-secret-name"), ready);
    assertFalse(metrics.contains("m1-secret-name"));
    assertEquals(1, new JsonObject(ready).getJsonObject("connections").getInteger("total"));

    JsonObject own = h.a.get("/health/ready").send().await(10, TimeUnit.SECONDS).bodyAsJsonObject();
    assertTrue(own.getJsonObject("own_connections").containsKey("m1-secret-name"), own.encode());
    String others = h.b.get("/health/ready").send().await(10, TimeUnit.SECONDS).bodyAsString();
    assertFalse(others.contains("m1-secret-name"), others);
  }

  @Test
  void multipartBodiesAreRefusedWith415() throws Exception {
    HttpResponse<Buffer> r = h.a.put(SidecarPaths.fill(SidecarPaths.CONNECTION, "m1", null))
        .putHeader("content-type", "multipart/form-data; boundary=x")
        .sendBuffer(Buffer.buffer("--x\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a\"\r\n\r\nhi\r\n--x--\r\n"))
        .await(10, TimeUnit.SECONDS);
    assertEquals(415, r.statusCode());
    HttpResponse<Buffer> big = h.put(h.a, "m1", h.settings("x".repeat(1 << 20)));
    assertEquals(413, big.statusCode());
  }
}
