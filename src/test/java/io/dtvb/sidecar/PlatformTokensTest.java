package io.dtvb.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.leaselog.LogEntry;
import io.dtvb.sidecarapi.ConnectionSettings;
import io.dtvb.sidecarapi.LeaseContext;
import io.dtvb.sidecarapi.MintRequest;
import io.dtvb.sidecarapi.RollbackRequest;
import io.dtvb.sidecarapi.SidecarPaths;
import io.dtvb.sidecarapi.TokenAction;
import io.dtvb.sidecarapi.TokenType;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Platform tokens through a connection's account side, against the simulator's Account
 * Management stand-in: mint, Bearer use, expiry moves on renewal, revoke, rollback by name,
 * listing, the per-owner cap checked before Dynatrace is called, Phase 3 advice, auth_mode none.
 */
class PlatformTokensTest {
  @TempDir Path dir;
  private SidecarHarness h;
  private ConnectionSettings s;

  @BeforeEach
  void start() throws Exception {
    h = new SidecarHarness(dir);
    s = h.accountSettings();
    assertEquals(200, h.put(h.a, "m1", s).statusCode());
  }

  @AfterEach
  void stop() throws Exception {
    h.close();
  }

  private static LeaseContext lease(String name, TokenType type) {
    return new LeaseContext("dynatrace/", "logs", "entity-1", "token", "req-1", name, null, Map.of(), type);
  }

  private static MintRequest platformMint(String name, Instant expiry, String serviceUser) {
    return new MintRequest(name, List.of("storage:logs:write"), expiry, false, lease(name, TokenType.PLATFORM),
        serviceUser);
  }

  private HttpResponse<Buffer> mint(ConnectionSettings settings, MintRequest req) throws Exception {
    return h.call(h.a, HttpMethod.POST, SidecarPaths.fill(SidecarPaths.TOKENS, "m1", null), settings, req);
  }

  private JsonObject simPlatformToken(String id) {
    JsonArray all = h.sim.state().getJsonArray("platform_tokens");
    for (int i = 0; i < all.size(); i++) {
      if (id.equals(all.getJsonObject(i).getString("id"))) {
        return all.getJsonObject(i);
      }
    }
    return null;
  }

  private int ingest(String token) throws Exception {
    java.net.URI sim = java.net.URI.create(h.sim.info().url());
    return h.vertx.createHttpClient().request(HttpMethod.POST, sim.getPort(), sim.getHost(),
            "/platform/classic/environment-api/v2/logs/ingest")
        .compose(r -> r.putHeader("Authorization", "Bearer " + token).putHeader("Content-Type", "application/json")
            .send("[{\"content\":\"x\"}]"))
        .map(r -> r.statusCode()).await(10, java.util.concurrent.TimeUnit.SECONDS);
  }

  @Test
  void aPlatformMintIsADt0s16TokenForTheEnvironmentWhoseExpiryRenewalsMove() throws Exception {
    Instant first = Instant.now().plus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
    HttpResponse<Buffer> minted = mint(s, platformMint("vault-p-1", first, null));
    assertEquals(201, minted.statusCode(), minted.bodyAsString());
    String id = minted.bodyAsJsonObject().getString("token_id");
    String token = minted.bodyAsJsonObject().getString("token");
    assertTrue(id.startsWith("dt0s16.") && token.startsWith(id + "."), id);
    assertEquals(204, ingest(token));
    JsonObject sim = simPlatformToken(id);
    assertEquals(List.of("urn:dtenvironment:" + h.sim.info().environmentId()), sim.getJsonArray("resource").getList());
    assertTrue(sim.getJsonArray("tags").getList().contains("vault-role:logs"), sim.encode());
    assertEquals(first, Instant.parse(sim.getString("expiration_date")));

    Instant moved = first.plus(20, ChronoUnit.MINUTES);
    HttpResponse<Buffer> renewed = h.call(h.a, HttpMethod.POST, SidecarPaths.fill(SidecarPaths.RENEWED, "m1", id), s,
        new TokenAction(lease("vault-p-1", TokenType.PLATFORM), "lease renewed for 1800s", moved));
    assertEquals(200, renewed.statusCode(), renewed.bodyAsString());
    assertEquals(moved, Instant.parse(simPlatformToken(id).getString("expiration_date")));

    HttpResponse<Buffer> revoked = h.call(h.a, HttpMethod.DELETE, SidecarPaths.fill(SidecarPaths.TOKEN, "m1", id), s,
        new TokenAction(lease("vault-p-1", TokenType.PLATFORM), "lease revoked"));
    assertEquals(200, revoked.statusCode(), revoked.bodyAsString());
    assertEquals("deleted", revoked.bodyAsJsonObject().getString("result"));
    assertNull(simPlatformToken(id));
    assertEquals(401, ingest(token));
    HttpResponse<Buffer> again = h.call(h.a, HttpMethod.DELETE, SidecarPaths.fill(SidecarPaths.TOKEN, "m1", id), s,
        new TokenAction(lease("vault-p-1", TokenType.PLATFORM), "lease revoked"));
    assertEquals("already_gone", again.bodyAsJsonObject().getString("result"));

    List<LogEntry> entries = h.log.entries(0, h.log.size());
    List<String> story = entries.stream().filter(e -> id.equals(e.event().tokenId()))
        .map(e -> e.event().type().wireName() + ":" + e.event().tokenType()).toList();
    assertEquals(List.of("minted:platform", "renewed:platform", "revoked:platform", "already_gone:platform"), story);
    assertTrue(entries.stream().filter(e -> id.equals(e.event().tokenId())).allMatch(e ->
        s.accountCredentialFingerprint().equals(e.event().credentialFingerprint())));
  }

  @Test
  void aRenewalWhoseExpiryMoveFailsIsRefusedAndRecordedAsRenewFailed() throws Exception {
    HttpResponse<Buffer> minted = mint(s, platformMint("vault-p-2", Instant.now().plus(5, ChronoUnit.MINUTES), null));
    String id = minted.bodyAsJsonObject().getString("token_id");
    Instant before = Instant.parse(simPlatformToken(id).getString("expiration_date"));
    HttpResponse<Buffer> past = h.call(h.a, HttpMethod.POST, SidecarPaths.fill(SidecarPaths.RENEWED, "m1", id), s,
        new TokenAction(lease("vault-p-2", TokenType.PLATFORM), "lease renewed", Instant.now().minusSeconds(60)));
    assertEquals(422, past.statusCode(), "Dynatrace refuses an expiry in the past: " + past.bodyAsString());
    HttpResponse<Buffer> tooLong = h.call(h.a, HttpMethod.POST, SidecarPaths.fill(SidecarPaths.RENEWED, "m1", id), s,
        new TokenAction(lease("vault-p-2", TokenType.PLATFORM), "lease renewed", Instant.now().plus(400, ChronoUnit.DAYS)));
    assertEquals(403, tooLong.statusCode(), tooLong.bodyAsString());
    assertTrue(tooLong.bodyAsString().contains("max_token_lifetime"), tooLong.bodyAsString());
    assertEquals(before, Instant.parse(simPlatformToken(id).getString("expiration_date")));
    assertTrue(h.log.entries(0, h.log.size()).stream().anyMatch(e -> id.equals(e.event().tokenId())
        && e.event().type().wireName().equals("renew_failed")));

    HttpResponse<Buffer> classic = mint(s, new MintRequest("vault-c-2", List.of("metrics.read"),
        Instant.now().plus(1, ChronoUnit.HOURS), false, lease("vault-c-2", null)));
    String classicId = classic.bodyAsJsonObject().getString("token_id");
    HttpResponse<Buffer> moveClassic = h.call(h.a, HttpMethod.POST, SidecarPaths.fill(SidecarPaths.RENEWED, "m1",
        classicId), s, new TokenAction(lease("vault-c-2", null), "renewed", Instant.now().plus(2, ChronoUnit.HOURS)));
    assertEquals(400, moveClassic.statusCode(), moveClassic.bodyAsString());
    assertTrue(moveClassic.bodyAsString().contains("expiration_date"), moveClassic.bodyAsString());
  }

  @Test
  void listingAndRollbackByNameCoverBothKindsOfToken() throws Exception {
    mint(s, platformMint("vault-both-p", Instant.now().plus(1, ChronoUnit.HOURS), null));
    mint(s, new MintRequest("vault-both-c", List.of("metrics.read"), Instant.now().plus(1, ChronoUnit.HOURS), false,
        lease("vault-both-c", null)));
    JsonArray listed = h.call(h.a, HttpMethod.GET, SidecarPaths.fill(SidecarPaths.TOKENS, "m1", null)
        + "?name_prefix=vault-both-", s, null).bodyAsJsonObject().getJsonArray("tokens");
    List<String> types = listed.stream().map(o -> ((JsonObject) o).getString("name") + "=" + ((JsonObject) o)
        .getString("token_type")).sorted().toList();
    assertEquals(List.of("vault-both-c=classic", "vault-both-p=platform"), types);

    HttpResponse<Buffer> rolled = h.call(h.a, HttpMethod.POST, SidecarPaths.fill(SidecarPaths.REVOKE_BY_NAME, "m1",
        null), s, new RollbackRequest("vault-both-p", lease("vault-both-p", TokenType.PLATFORM), "rollback"));
    assertEquals(1, rolled.bodyAsJsonObject().getInteger("deleted"), rolled.bodyAsString());
    JsonArray after = h.call(h.a, HttpMethod.GET, SidecarPaths.fill(SidecarPaths.TOKENS, "m1", null)
        + "?name_prefix=vault-both-", s, null).bodyAsJsonObject().getJsonArray("tokens");
    assertEquals(1, after.size(), after.encode());
  }

  @Test
  void theOwnersCapIsCheckedBeforeDynatraceIsCalled() throws Exception {
    String serviceUser = h.sim.info().serviceUserUuid();
    h.sim.accountLimits(2, 2, null);
    h.stop();
    h.start(); // a fresh sidecar reads the new limits at its first platform mint
    assertEquals(200, h.put(h.a, "m1", s).statusCode());
    for (String name : List.of("vault-cap-1", "vault-cap-2")) {
      assertEquals(201, mint(s, platformMint(name, Instant.now().plus(1, ChronoUnit.HOURS), serviceUser))
          .statusCode());
    }
    long creates = h.sim.counters().accountCreates();
    HttpResponse<Buffer> refused = mint(s, platformMint("vault-cap-3", Instant.now().plus(1, ChronoUnit.HOURS),
        serviceUser));
    assertEquals(400, refused.statusCode(), refused.bodyAsString());
    String msg = refused.bodyAsJsonObject().getJsonObject("error").getString("message");
    assertTrue(msg.contains(serviceUser) && msg.contains("MAX_PLATFORM_TOKENS_PER_SERVICE_USER is 2")
        && msg.contains("holds 2") && msg.contains("tidy"), msg);
    assertEquals(creates, h.sim.counters().accountCreates(), "the refused mint never reached Dynatrace");
    // The other service user has its own cap.
    assertEquals(201, mint(s, platformMint("vault-cap-4", Instant.now().plus(1, ChronoUnit.HOURS),
        h.sim.info().serviceUser2Uuid())).statusCode());
  }

  @Test
  void verifyReportsTheAccountSideWithItsLimits() throws Exception {
    HttpResponse<Buffer> v = h.call(h.a, HttpMethod.POST, SidecarPaths.fill(SidecarPaths.VERIFY, "m1", null), s, null);
    assertEquals(200, v.statusCode(), v.bodyAsString());
    JsonObject account = v.bodyAsJsonObject().getJsonObject("account");
    assertEquals(h.sim.info().accountUuid(), account.getString("account_uuid"));
    assertEquals(h.sim.info().accountClientUserUuid(), account.getString("owner_uuid"));
    assertTrue(account.getJsonArray("limits").encode().contains("MAX_PLATFORM_TOKENS_PER_SERVICE_USER"));
    assertFalse(v.bodyAsString().contains(h.sim.info().accountClientSecret()));
  }

  @Test
  void aPhase3RefusalAdvisesPlatformTokensAndVerifyRemembersIt() throws Exception {
    h.sim.phase3(true);
    HttpResponse<Buffer> classic = mint(s, new MintRequest("vault-p3-c", List.of("metrics.read"),
        Instant.now().plus(1, ChronoUnit.HOURS), false, lease("vault-p3-c", null)));
    assertEquals(422, classic.statusCode(), classic.bodyAsString());
    JsonObject error = classic.bodyAsJsonObject().getJsonObject("error");
    assertEquals(400, error.getInteger("upstream_status"));
    assertTrue(error.getString("message").contains("no longer allows creating classic access tokens")
        && error.getString("message").contains("token_type=platform"), error.encode());
    assertEquals(201, mint(s, platformMint("vault-p3-p", Instant.now().plus(1, ChronoUnit.HOURS), null))
        .statusCode());
    HttpResponse<Buffer> candidate = h.call(h.a, HttpMethod.POST, SidecarPaths.fill(SidecarPaths.VERIFY, "m1", null),
        s, s);
    assertEquals("disabled", candidate.bodyAsJsonObject().getString("classic_token_creation"), candidate.bodyAsString());
  }

  @Test
  void authModeNoneMintsPlatformTokensOnlyAndPlatformManagementScopesAreRefused() throws Exception {
    ConnectionSettings none = h.accountSettings(ConnectionSettings.AuthMode.NONE, null);
    assertEquals(200, h.put(h.a, "m1", none).statusCode());
    HttpResponse<Buffer> classic = mint(none, new MintRequest("vault-none-c", List.of("metrics.read"),
        Instant.now().plus(1, ChronoUnit.HOURS), false, lease("vault-none-c", null)));
    assertEquals(400, classic.statusCode(), classic.bodyAsString());
    assertTrue(classic.bodyAsString().contains("no classic minter"), classic.bodyAsString());
    assertEquals(201, mint(none, platformMint("vault-none-p", Instant.now().plus(1, ChronoUnit.HOURS), null))
        .statusCode());
    HttpResponse<Buffer> manage = mint(none, new MintRequest("vault-none-m", List.of("platform-token:tokens:write"),
        Instant.now().plus(1, ChronoUnit.HOURS), false, lease("vault-none-m", TokenType.PLATFORM), null));
    assertEquals(403, manage.statusCode(), manage.bodyAsString());
    assertTrue(manage.bodyAsString().contains("management_scopes"), manage.bodyAsString());

    ConnectionSettings noAccount = new ConnectionSettings(h.sim.info().url(), ConnectionSettings.AuthMode.NONE, null,
        null, null, null, null, null, null);
    HttpResponse<Buffer> refused = h.put(h.a, "m2", noAccount);
    assertEquals(400, refused.statusCode(), refused.bodyAsString());
    assertTrue(refused.bodyAsString().contains("account_uuid"), refused.bodyAsString());
  }

  @Test
  void aPlatformMintOnAConnectionWithoutAnAccountSideIsRefusedNamingIt() throws Exception {
    ConnectionSettings classicOnly = h.settings();
    assertEquals(200, h.put(h.a, "m1", classicOnly).statusCode());
    HttpResponse<Buffer> r = mint(classicOnly, platformMint("vault-noacct", Instant.now().plus(1, ChronoUnit.HOURS),
        null));
    assertEquals(400, r.statusCode(), r.bodyAsString());
    assertTrue(r.bodyAsString().contains("no account side"), r.bodyAsString());
  }

  @Test
  void theAccountApiHostIsUnderThePolicysHostRules() throws Exception {
    var i = h.sim.info();
    ConnectionSettings elsewhere = new ConnectionSettings(i.url(), ConnectionSettings.AuthMode.NONE, null, null, null,
        null, null, i.ssoUrl(), null, i.accountUuid(), "https://api.collector.attacker.example", i.accountClientId(),
        i.accountClientSecret(), null, i.environmentId());
    HttpResponse<Buffer> r = h.put(h.a, "m3", elsewhere);
    assertEquals(403, r.statusCode(), r.bodyAsString());
    assertTrue(r.bodyAsString().contains("allowed_hosts") && r.bodyAsString().contains("account_api_url"),
        r.bodyAsString());
    assertFalse(r.bodyAsString().contains(i.accountClientSecret()));
  }
}
