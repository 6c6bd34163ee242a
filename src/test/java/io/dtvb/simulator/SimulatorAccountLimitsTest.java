package io.dtvb.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Per-owner and per-account caps ({@code GET …/limits}, {@code /_sim/account-limits}). */
class SimulatorAccountLimitsTest extends SimulatorTestBase {

  private JsonObject limit(String bearer, String type) {
    SimHttp.Reply r = http.get(limitsPath(), bearer);
    assertEquals(200, r.status(), r.raw().toString());
    return r.json().getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(i -> type.equals(i.getString("limitType"))).findFirst().orElseThrow();
  }

  private JsonObject shortLived(String name, String userUuid) {
    JsonObject body = platformBody(name, "storage:logs:write")
        .put("expirationDate", ExpirationDates.format(sim.clock().now().plus(Duration.ofMinutes(1))));
    return userUuid == null ? body : body.put("userUuid", userUuid);
  }

  @Test
  void limitsReportTheObservedDefaultsAndTheCallersCounts() {
    JsonArray items = http.get(limitsPath(), accountBearer()).json().getJsonArray("items");
    assertEquals(3, items.size());
    assertEquals(new JsonObject().put("limitType", "MAX_PLATFORM_TOKENS_PER_USER").put("limitValue", 50)
        .put("currentValue", 0), items.getJsonObject(0));
    assertEquals(100, items.getJsonObject(1).getInteger("limitValue"));
    assertEquals("MAX_PLATFORM_TOKENS_PER_SERVICE_USER", items.getJsonObject(1).getString("limitType"));
    assertEquals(50_000, items.getJsonObject(2).getInteger("limitValue"));
    assertEquals("MAX_PLATFORM_TOKENS_PER_ACCOUNT", items.getJsonObject(2).getString("limitType"));

    mintPlatform(platformBody("a", "storage:logs:write"), accountBearer());
    mintPlatform(platformBody("b", "storage:logs:write"), accountBearer());
    mintPlatform(platformBody("c", "storage:logs:write").put("userUuid", info.serviceUserUuid()), accountBearer());

    assertEquals(2, limit(accountBearer(), AccountLimits.PER_SERVICE_USER).getInteger("currentValue"));
    assertEquals(0, limit(accountBearer(), AccountLimits.PER_USER).getInteger("currentValue"));
    assertEquals(3, limit(accountBearer(), AccountLimits.PER_ACCOUNT).getInteger("currentValue"));
  }

  @Test
  void aRegularUsersClientCountsAgainstThePerUserLimit() {
    SimOAuthClient alice = sim.addAccountClient("alice@example.invalid");
    String aliceBearer = grant(accountGrantForm(alice.clientId(), alice.clientSecret(), ACCOUNT_SCOPES));

    JsonObject created = mintPlatform(platformBody("alice-1", "storage:logs:write"), aliceBearer);
    mintPlatform(platformBody("svc", "storage:logs:write"), accountBearer());

    assertEquals(1, limit(aliceBearer, AccountLimits.PER_USER).getInteger("currentValue"));
    assertEquals(0, limit(aliceBearer, AccountLimits.PER_SERVICE_USER).getInteger("currentValue"));
    assertEquals(2, limit(aliceBearer, AccountLimits.PER_ACCOUNT).getInteger("currentValue"));
    JsonObject item = listPlatform("?searchTerm=" + created.getString("tokenId"), aliceBearer)
        .getJsonArray("results").getJsonObject(0);
    assertEquals("alice@example.invalid", item.getString("owner"));
    assertEquals("alice@example.invalid", item.getString("createdBy"));
    assertEquals(403, http.post(tokensPath(), platformBody("x", "storage:logs:write")
        .put("userUuid", info.serviceUserUuid()), aliceBearer).status());
  }

  @Test
  void expiredTokensCountAgainstTheCapUntilDeleted() {
    assertEquals(3, sim.accountLimits(null, 3, null).perServiceUser());
    String first = mintPlatform(shortLived("t1", null), accountBearer()).getString("tokenId");
    mintPlatform(shortLived("t2", null), accountBearer());
    mintPlatform(shortLived("t3", null), accountBearer());
    sim.clock().advance(Duration.ofMinutes(5));

    SimHttp.Reply refused = http.post(tokensPath(), platformBody("t4", "storage:logs:write"), accountBearer());

    assertEquals(400, refused.status());
    assertEquals(Boolean.TRUE, refused.json().getValue("error"));
    assertTrue(refused.accountMessage().contains("Maximum number of platform tokens reached for user"),
        refused.accountMessage());
    assertEquals(3, limit(accountBearer(), AccountLimits.PER_SERVICE_USER).getInteger("currentValue"));
    assertEquals(3, limit(accountBearer(), AccountLimits.PER_SERVICE_USER).getInteger("limitValue"));
    assertEquals(200, http.delete(tokensPath() + "/" + first, accountBearer()).status());
    assertEquals(200, http.post(tokensPath(), platformBody("t4", "storage:logs:write"), accountBearer()).status());
    assertEquals(4, sim.counters().accountCreates());
  }

  @Test
  void theCapIsPerOwner() {
    sim.accountLimits(null, 1, null);
    mintPlatform(platformBody("own", "storage:logs:write"), accountBearer());

    assertEquals(400, http.post(tokensPath(), platformBody("own2", "storage:logs:write"), accountBearer()).status());
    assertEquals(200, http.post(tokensPath(), platformBody("su", "storage:logs:write")
        .put("userUuid", info.serviceUserUuid()), accountBearer()).status());
    assertEquals(400, http.post(tokensPath(), platformBody("su", "storage:logs:write")
        .put("userUuid", info.serviceUserUuid()), accountBearer()).status());
  }

  @Test
  void perUserAndPerAccountCapsOverHttp() {
    SimHttp.Reply set = http.post("/_sim/account-limits", new JsonObject().put("per_user", 1).put("per_account", 2),
        null);
    assertEquals(200, set.status());
    assertEquals(new JsonObject().put("per_user", 1).put("per_service_user", 100).put("per_account", 2), set.json());
    SimOAuthClient bob = sim.addAccountClient("bob@example.invalid");
    String bobBearer = grant(accountGrantForm(bob.clientId(), bob.clientSecret(), ACCOUNT_SCOPES));

    mintPlatform(platformBody("bob-1", "storage:logs:write"), bobBearer);
    SimHttp.Reply perUser = http.post(tokensPath(), platformBody("bob-2", "storage:logs:write"), bobBearer);
    mintPlatform(platformBody("svc-1", "storage:logs:write"), accountBearer());
    SimHttp.Reply perAccount = http.post(tokensPath(), platformBody("svc-2", "storage:logs:write"), accountBearer());

    assertEquals(400, perUser.status());
    assertTrue(perUser.accountMessage().contains("for user " + bob.userUuid()), perUser.accountMessage());
    assertEquals(400, perAccount.status());
    assertTrue(perAccount.accountMessage().contains("Maximum number of platform tokens reached for account"));
    assertEquals(1, limit(bobBearer, AccountLimits.PER_USER).getInteger("limitValue"));
    assertEquals(new JsonObject().put("per_user", 1).put("per_service_user", 100).put("per_account", 2),
        http.get("/_sim/state", null).json().getJsonObject("account_limits"));
  }

  @Test
  void accountLimitsControlRefusesBadInput() {
    assertEquals(400, http.post("/_sim/account-limits", new JsonObject().put("per_user", -1), null).status());
    assertEquals(400, http.post("/_sim/account-limits", new JsonObject().put("per_user", "3"), null).status());
    assertEquals(AccountLimits.defaults(), sim.accountLimits());
    assertEquals(200, http.post("/_sim/account-limits", new JsonObject(), null).status());
  }

  @Test
  void addedServiceUserClientsCountAsServiceUsers() {
    SimOAuthClient svc = sim.addAccountClient(null);
    String bearer = grant(accountGrantForm(svc.clientId(), svc.clientSecret(), ACCOUNT_SCOPES));

    mintPlatform(platformBody("x", "storage:logs:write"), bearer);

    assertTrue(svc.serviceUser());
    assertEquals(svc.userUuid() + "@service.sso.dynatrace.com", svc.userEmail());
    assertEquals(1, limit(bearer, AccountLimits.PER_SERVICE_USER).getInteger("currentValue"));
    assertEquals(0, limit(accountBearer(), AccountLimits.PER_SERVICE_USER).getInteger("currentValue"));
  }
}
