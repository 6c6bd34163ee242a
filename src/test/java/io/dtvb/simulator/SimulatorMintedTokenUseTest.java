package io.dtvb.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Platform tokens minted through the account API as credentials on the platform proxy's probe endpoints. */
class SimulatorMintedTokenUseTest extends SimulatorTestBase {
  private static final String LOGS = PLATFORM + "/logs/ingest";
  private static final String METRICS = PLATFORM + "/metrics/ingest";
  private static final String SETTINGS = PLATFORM + "/settings/objects";

  private String mintBearer(JsonObject body) {
    return SimHttp.bearer(mintPlatform(body, accountBearer()).getString("token"));
  }

  private SimHttp.Reply logs(String bearer) {
    return http.raw(HttpMethod.POST, LOGS, "[{\"content\":\"hello\"}]", "application/json; charset=utf-8", bearer);
  }

  private SimHttp.Reply metrics(String bearer) {
    return http.raw(HttpMethod.POST, METRICS, "cpu.load,host=a 0.5\n\ncpu.load,host=b 0.7\n", "text/plain", bearer);
  }

  @Test
  void aMintedTokenCallsTheThreeProbeEndpoints() {
    String token = mintBearer(platformBody("probe", "storage:logs:write", "openpipeline:metrics:ingest",
        "settings:objects:read"));

    SimHttp.Reply logs = logs(token);
    SimHttp.Reply metrics = metrics(token);
    SimHttp.Reply settings = http.get(SETTINGS, token);

    assertEquals(204, logs.status());
    assertEquals(202, metrics.status());
    assertEquals(new JsonObject().put("linesOk", 2).put("linesInvalid", 0), metrics.json());
    assertEquals(200, settings.status());
    assertEquals(new JsonObject().put("items", new JsonArray()).put("totalCount", 0).put("pageSize", 100),
        settings.json());
  }

  @Test
  void eitherScopeFamilyIsEnoughForIngest() {
    String openpipeline = mintBearer(platformBody("op", "openpipeline:logs:ingest"));
    String storage = mintBearer(platformBody("st", "storage:metrics:write"));

    assertEquals(204, logs(openpipeline).status());
    assertEquals(202, metrics(storage).status());
  }

  @Test
  void aMissingScopeIsForbiddenNamingTheScope() {
    String token = mintBearer(platformBody("narrow", "storage:logs:read"));

    SimHttp.Reply logs = logs(token);
    SimHttp.Reply metrics = metrics(token);
    SimHttp.Reply settings = http.get(SETTINGS, token);

    assertEquals(403, logs.status());
    assertTrue(logs.errorMessage().contains("storage:logs:write"), logs.errorMessage());
    assertTrue(logs.errorMessage().contains("openpipeline:logs:ingest"), logs.errorMessage());
    assertEquals(403, metrics.status());
    assertTrue(metrics.errorMessage().contains("storage:metrics:write"));
    assertEquals(403, settings.status());
    assertTrue(settings.errorMessage().contains("settings:objects:read"));
  }

  @Test
  void aDeletedTokenIsUnauthorized() {
    JsonObject created = mintPlatform(platformBody("del", "storage:logs:write"), accountBearer());
    String token = SimHttp.bearer(created.getString("token"));
    assertEquals(204, logs(token).status());

    http.delete(tokensPath() + "/" + created.getString("tokenId"), accountBearer());

    assertEquals(401, logs(token).status());
  }

  @Test
  void anInactiveTokenIsUnauthorizedUntilReactivated() {
    JsonObject created = mintPlatform(platformBody("off", "storage:logs:write"), accountBearer());
    String token = SimHttp.bearer(created.getString("token"));
    String status = tokensPath() + "/" + created.getString("tokenId") + "/status";

    http.put(status, new JsonObject().put("status", "INACTIVE"), accountBearer());
    SimHttp.Reply off = logs(token);
    http.put(status, new JsonObject().put("status", "ACTIVE"), accountBearer());

    assertEquals(401, off.status());
    assertEquals(204, logs(token).status());
  }

  @Test
  void anExpiredTokenIsForbiddenWithTheDocumentedMessage() {
    String token = mintBearer(platformBody("exp", "storage:logs:write")
        .put("expirationDate", ExpirationDates.format(sim.clock().now().plus(Duration.ofMinutes(10)))));
    assertEquals(204, logs(token).status());

    sim.clock().advance(Duration.ofMinutes(10));
    SimHttp.Reply r = logs(token);

    assertEquals(403, r.status());
    assertEquals("The platform token has expired.", r.errorMessage());
  }

  @Test
  void movingTheExpiryEarlierMakesTheTokenExpireThen() {
    JsonObject created = mintPlatform(platformBody("move", "storage:logs:write")
        .put("expirationDate", ExpirationDates.format(sim.clock().now().plus(Duration.ofDays(1)))), accountBearer());
    String token = SimHttp.bearer(created.getString("token"));
    String newExpiry = ExpirationDates.format(sim.clock().now().plus(Duration.ofMinutes(30)));

    assertEquals(200, http.put(tokensPath() + "/" + created.getString("tokenId") + "/expiration-date",
        new JsonObject().put("expirationDate", newExpiry), accountBearer()).status());
    sim.clock().advance(Duration.ofMinutes(29));
    assertEquals(204, logs(token).status());
    sim.clock().advance(Duration.ofMinutes(2));

    assertEquals(403, logs(token).status());
    assertEquals("The platform token has expired.", logs(token).errorMessage());
  }

  @Test
  void extendingTheExpiryKeepsTheTokenWorking() {
    JsonObject created = mintPlatform(platformBody("renew", "storage:logs:write")
        .put("expirationDate", ExpirationDates.format(sim.clock().now().plus(Duration.ofMinutes(10)))), accountBearer());
    String token = SimHttp.bearer(created.getString("token"));

    http.put(tokensPath() + "/" + created.getString("tokenId") + "/expiration-date", new JsonObject()
        .put("expirationDate", ExpirationDates.format(sim.clock().now().plus(Duration.ofHours(2)))), accountBearer());
    sim.clock().advance(Duration.ofHours(1));

    assertEquals(204, logs(token).status());
  }

  @Test
  void aTokenForAnotherEnvironmentIsForbiddenHereButAnAccountTokenWorks() {
    String other = mintBearer(platformBody("other", "storage:logs:write")
        .put("resource", new JsonArray().add("urn:dtenvironment:" + sim.siblingEnvironmentId())));
    String account = mintBearer(platformBody("acct", "storage:logs:write")
        .put("resource", new JsonArray().add(info.accountUrn())));

    SimHttp.Reply r = logs(other);

    assertEquals(403, r.status());
    assertTrue(r.errorMessage().contains(info.environmentUrn()), r.errorMessage());
    assertEquals(204, logs(account).status());
  }

  @Test
  void useIsRecordedAsLastUsedAtAndLastClientIp() {
    String token = mintBearer(platformBody("used", "storage:logs:write"));
    assertNull(listPlatform("", accountBearer()).getJsonArray("results").getJsonObject(0)
        .getJsonObject("metadata").getValue("lastUsedAt"));

    logs(token);

    JsonObject item = listPlatform("", accountBearer()).getJsonArray("results").getJsonObject(0);
    JsonObject metadata = item.getJsonObject("metadata");
    java.time.Instant used = java.time.Instant.parse(metadata.getString("lastUsedAt"));
    assertTrue(!used.isBefore(java.time.Instant.parse(item.getString("createdAt"))));
    assertTrue(!used.isAfter(sim.clock().now()));
    assertEquals("127.0.0.1", metadata.getString("lastClientIp"));
    assertEquals(metadata.getString("lastUsedAt"), sim.state().getJsonArray("platform_tokens").stream()
        .map(JsonObject.class::cast).filter(t -> "used".equals(t.getString("name"))).findFirst().orElseThrow()
        .getString("last_used_at"));
  }

  @Test
  void mintedTokensWorkOnlyOnThePlatformProxy() {
    String token = mintBearer(platformBody("proxy", "storage:logs:write", "environment-api:api-tokens:read",
        "environment-api:api-tokens:write"));

    assertEquals(401, http.get(CLASSIC + "/apiTokens", token).status());
    assertEquals(200, http.get(PLATFORM + "/apiTokens", token).status());
    assertEquals(201, http.post(PLATFORM + "/apiTokens", createBody("via-minted", "metrics.read"), token).status());
  }

  @Test
  void probeEndpointsRefuseApiTokensAndCheckBearerScopesToo() {
    assertEquals(401, logs(admin).status());
    assertEquals(401, logs(null).status());
    assertEquals(403, logs(bearer("environment-api:api-tokens:read")).status());
    assertEquals(403, logs(SimHttp.bearer(info.platformToken())).status());
  }
}
