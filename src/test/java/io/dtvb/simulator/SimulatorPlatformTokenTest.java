package io.dtvb.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Platform tokens (dt0s16): Bearer on the platform proxy only, expiry 403, scopes, ownership, controls. */
class SimulatorPlatformTokenTest extends SimulatorTestBase {
  private static final String READ = "environment-api:api-tokens:read";
  private static final String WRITE = "environment-api:api-tokens:write";

  private String platform() {
    return SimHttp.bearer(info.platformToken());
  }

  @Test
  void seededPlatformTokenIsInTheStartUpJsonWithTheOAuthScopes() {
    JsonObject json = info.toJson();

    assertTrue(json.getString("platform_token").matches("dt0s16\\.[A-Z0-9]{8}\\.[A-Z0-9]{64}"));
    assertEquals(TokenSecrets.idOf(info.platformToken()), json.getString("platform_token_id"));
    assertFalse(info.toString().contains(info.platformToken()));
    JsonObject stored = sim.state().getJsonArray("platform_tokens").getJsonObject(0);
    assertEquals(List.of(READ, WRITE), stored.getJsonArray("scopes").getList());
    assertEquals(DynatraceSimulator.PLATFORM_TOKEN_OWNER, stored.getString("owner"));
    assertNull(stored.getString("expiration_date"));
  }

  @Test
  void platformTokenWorksOnlyOnThePlatformPath() {
    SimHttp.Reply proxy = http.post(PLATFORM + "/apiTokens", createBody("p", "metrics.read"), platform());
    SimHttp.Reply classic = http.get(CLASSIC + "/apiTokens", platform());
    SimHttp.Reply managed = http.get(managed() + "/apiTokens", platform());

    assertEquals(201, proxy.status());
    assertEquals(401, classic.status());
    assertEquals("Token exchange failed", classic.errorMessage());
    assertEquals(401, managed.status());
    assertEquals(0, sim.counters().ssoGrants());
  }

  @Test
  void tokensCreatedWithAPlatformTokenAreOwnedByItsOwner() {
    String id = http.post(PLATFORM + "/apiTokens", createBody("p", "metrics.read"), platform()).json().getString("id");

    assertEquals(DynatraceSimulator.PLATFORM_TOKEN_OWNER,
        http.get(PLATFORM + "/apiTokens/" + id, platform()).json().getString("owner"));
  }

  @Test
  void unknownPlatformTokenIsUnauthorized() {
    String unknown = TokenSecrets.newPlatformToken();

    SimHttp.Reply r = http.get(PLATFORM + "/apiTokens", SimHttp.bearer(unknown));

    assertEquals(401, r.status());
    assertFalse(r.raw().toString().contains(unknown));
  }

  @Test
  void expiredPlatformTokenIsForbiddenWithAMessageSayingSo() {
    IssuedToken t = sim.createPlatformToken("short", "svc@example.invalid", List.of(READ, WRITE),
        sim.clock().now().plus(Duration.ofMinutes(10)));
    assertEquals(200, http.get(PLATFORM + "/apiTokens", SimHttp.bearer(t.token())).status());

    sim.clock().advance(Duration.ofMinutes(10));
    SimHttp.Reply r = http.get(PLATFORM + "/apiTokens", SimHttp.bearer(t.token()));

    assertEquals(403, r.status());
    assertTrue(r.errorMessage().contains("expired"), r.errorMessage());
  }

  @Test
  void scopesAreCheckedAsForOAuthBearers() {
    IssuedToken reader = sim.createPlatformToken("reader", "svc@example.invalid", List.of(READ), null);
    IssuedToken none = sim.createPlatformToken("none", "svc@example.invalid", List.of("storage:logs:read"), null);
    String r = SimHttp.bearer(reader.token());

    SimHttp.Reply create = http.post(PLATFORM + "/apiTokens", createBody("y", "metrics.read"), r);

    assertEquals(200, http.get(PLATFORM + "/apiTokens", r).status());
    assertEquals(403, create.status());
    assertTrue(create.errorMessage().contains(WRITE));
    assertEquals(403, http.get(PLATFORM + "/apiTokens", SimHttp.bearer(none.token())).status());
  }

  @Test
  void controlRouteCreatesPlatformTokensWithChosenScopesAndExpiry() {
    SimHttp.Reply r = http.post("/_sim/platform-tokens", new JsonObject().put("owner", "team-a@example.invalid")
        .put("scopes", new JsonArray().add(READ)).put("expires_in_seconds", 60), null);

    assertEquals(201, r.status());
    JsonObject body = r.json();
    String token = body.getString("token");
    assertTrue(token.startsWith(body.getString("id") + "."));
    assertEquals("team-a@example.invalid", body.getString("owner"));
    assertTrue(body.getString("expiration_date") != null);
    assertEquals(200, http.get(PLATFORM + "/apiTokens", SimHttp.bearer(token)).status());
    assertEquals(403, http.post(PLATFORM + "/apiTokens", createBody("x", "metrics.read"),
        SimHttp.bearer(token)).status());
    sim.clock().advance(Duration.ofSeconds(61));
    assertEquals(403, http.get(PLATFORM + "/apiTokens", SimHttp.bearer(token)).status());
    assertFalse(http.get("/_sim/state", null).raw().toString().contains(token));
  }

  @Test
  void controlRouteDefaultsToTheOAuthScopesAndRefusesBadInput() {
    SimHttp.Reply r = http.post("/_sim/platform-tokens", new JsonObject(), null);
    assertEquals(201, r.status());
    assertEquals(201, http.post(PLATFORM + "/apiTokens", createBody("x", "metrics.read"),
        SimHttp.bearer(r.json().getString("token"))).status());

    SimHttp.Reply badScopes = http.post("/_sim/platform-tokens", new JsonObject().put("scopes", "x"), null);
    SimHttp.Reply badExpiry = http.post("/_sim/platform-tokens",
        new JsonObject().put("expiration_date", "tomorrow"), null);
    assertEquals(400, badScopes.status());
    assertTrue(badScopes.errorMessage().contains("scopes"));
    assertEquals(400, badExpiry.status());
    assertTrue(badExpiry.errorMessage().contains("expiration_date"));
  }
}
