package io.dtvb.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Account Management platform-tokens API: create, list, delete and the item shape. */
class SimulatorAccountApiTest extends SimulatorTestBase {

  @Test
  void createAnswers200WithNameTokenIdAndTokenAndCountsIt() {
    SimHttp.Reply r = http.post(tokensPath(), platformBody("vault-a", "storage:logs:write")
        .put("expirationDate", "2099-10-01T00:00:00.000Z"), accountBearer());

    assertEquals(200, r.status());
    JsonObject body = r.json();
    assertEquals(Set.of("name", "tokenId", "token"), body.fieldNames());
    assertEquals("vault-a", body.getString("name"));
    assertTrue(body.getString("token").matches("dt0s16\\.[A-Z0-9]{8}\\.[A-Za-z0-9]{64}"), body.getString("token"));
    assertEquals(TokenSecrets.idOf(body.getString("token")), body.getString("tokenId"));
    assertEquals(1, sim.counters().accountCreates());
    assertEquals(1, sim.state().getJsonObject("counters").getLong("account_creates"));
  }

  @Test
  void listItemHasTheObservedShape() {
    String id = mintPlatform(platformBody("shape", "storage:logs:write", "settings:objects:read")
        .put("tags", new JsonArray().add("vault")).put("expirationDate", "2099-10-01T00:00:00Z"),
        accountBearer()).getString("tokenId");

    JsonObject page = listPlatform("", accountBearer());

    assertEquals(100, page.getInteger("pageSize"));
    assertEquals(1, page.getInteger("pageNumber"));
    assertEquals(1, page.getInteger("total"));
    JsonObject item = page.getJsonArray("results").getJsonObject(0);
    String ownerEmail = info.accountClientUserUuid() + "@service.sso.dynatrace.com";
    assertEquals(id, item.getString("tokenId"));
    assertEquals(info.accountUuid(), item.getValue("accountUuid"));
    assertEquals("shape", item.getString("name"));
    assertEquals(List.of("storage:logs:write", "settings:objects:read"), item.getJsonArray("scope").getList());
    assertEquals(List.of(info.environmentUrn()), item.getJsonArray("resource").getList());
    assertEquals(List.of("vault"), item.getJsonArray("tags").getList());
    assertEquals("ACTIVE", item.getString("status"));
    assertEquals("2099-10-01T00:00:00.000Z", item.getString("expirationDate"));
    assertTrue(item.getString("createdAt").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
    assertEquals(item.getString("createdAt"), item.getString("updatedAt"));
    assertEquals(ownerEmail, item.getString("createdBy"));
    assertEquals(ownerEmail, item.getString("owner"));
    assertFalse(item.containsKey("userUuid"));
    JsonObject metadata = item.getJsonObject("metadata");
    assertTrue(metadata.containsKey("lastUsedAt") && metadata.containsKey("lastClientIp"));
    assertNull(metadata.getValue("lastUsedAt"));
  }

  @Test
  void withoutExpirationDateTheTokenNeverExpires() {
    mintPlatform(platformBody("forever", "storage:logs:write"), accountBearer());

    JsonObject item = listPlatform("", accountBearer()).getJsonArray("results").getJsonObject(0);

    assertTrue(item.containsKey("expirationDate"));
    assertNull(item.getValue("expirationDate"));
  }

  @Test
  void expiredTokensAreStillListedAsActive() {
    Instant soon = sim.clock().now().plus(Duration.ofMinutes(1));
    mintPlatform(platformBody("short", "storage:logs:write").put("expirationDate", ExpirationDates.format(soon)),
        accountBearer());

    sim.clock().advance(Duration.ofMinutes(2));
    JsonObject active = listPlatform("?status=ACTIVE", accountBearer());

    assertEquals(1, active.getInteger("total"));
    assertEquals("ACTIVE", active.getJsonArray("results").getJsonObject(0).getString("status"));
    assertTrue(sim.state().getJsonArray("platform_tokens").stream().map(JsonObject.class::cast)
        .anyMatch(t -> "short".equals(t.getString("name")) && t.getBoolean("expired")));
  }

  @Test
  void deleteAnswers200EmptyThenTheTokenIsAbsentAndASecondDeleteIs404() {
    String id = mintPlatform(platformBody("gone", "storage:logs:write"), accountBearer()).getString("tokenId");
    mintPlatform(platformBody("kept", "storage:logs:write"), accountBearer());

    SimHttp.Reply deleted = http.delete(tokensPath() + "/" + id, accountBearer());
    SimHttp.Reply again = http.delete(tokensPath() + "/" + id, accountBearer());

    assertEquals(200, deleted.status());
    assertEquals(0, deleted.raw() == null ? 0 : deleted.raw().length());
    JsonObject page = listPlatform("", accountBearer());
    assertEquals(1, page.getInteger("total"));
    assertEquals("kept", page.getJsonArray("results").getJsonObject(0).getString("name"));
    assertEquals(404, again.status());
    assertEquals(Boolean.TRUE, again.json().getValue("error"));
    assertEquals(1, sim.counters().accountDeletes());
    assertEquals(1, sim.state().getJsonObject("counters").getLong("account_deletes"));
    assertFalse(sim.state().getJsonArray("platform_tokens").encode().contains(id));
  }

  @Test
  void searchTermMatchesIdNameCreatedByOrScopeIgnoringCase() {
    String id = mintPlatform(platformBody("Vault-Role-A", "storage:logs:write"), accountBearer()).getString("tokenId");
    mintPlatform(platformBody("other", "settings:objects:read"), accountBearer());

    assertEquals(1, listPlatform("?searchTerm=vault-role", accountBearer()).getInteger("total"));
    assertEquals(1, listPlatform("?searchTerm=" + id.toLowerCase(), accountBearer()).getInteger("total"));
    assertEquals(id, listPlatform("?searchTerm=" + id, accountBearer()).getJsonArray("results")
        .getJsonObject(0).getString("tokenId"));
    assertEquals(1, listPlatform("?searchTerm=SETTINGS:OBJECTS", accountBearer()).getInteger("total"));
    assertEquals(2, listPlatform("?searchTerm=" + info.accountClientUserUuid(), accountBearer()).getInteger("total"));
    assertEquals(0, listPlatform("?searchTerm=nothing-like-it", accountBearer()).getInteger("total"));
  }

  @Test
  void pagesStartAtOneAndSizeIsCappedAt500() {
    for (int i = 0; i < 3; i++) {
      mintPlatform(platformBody("p" + i, "storage:logs:write"), accountBearer());
    }

    JsonObject first = listPlatform("?page=1&size=2", accountBearer());
    JsonObject second = listPlatform("?page=2&size=2", accountBearer());

    assertEquals(3, first.getInteger("total"));
    assertEquals(2, first.getInteger("pageSize"));
    assertEquals(List.of("p0", "p1"), names(first));
    assertEquals(2, second.getInteger("pageNumber"));
    assertEquals(List.of("p2"), names(second));
    assertEquals(3, listPlatform("?size=500", accountBearer()).getJsonArray("results").size());
    assertEquals(400, http.get(tokensPath() + "?size=501", accountBearer()).status());
    assertEquals(400, http.get(tokensPath() + "?page=0", accountBearer()).status());
    assertEquals(400, http.get(tokensPath() + "?size=abc", accountBearer()).status());
    assertEquals(400, http.get(tokensPath() + "?status=EXPIRED", accountBearer()).status());
  }

  @Test
  void statusCanBeSetAndFilteredOn() {
    String id = mintPlatform(platformBody("a", "storage:logs:write"), accountBearer()).getString("tokenId");
    mintPlatform(platformBody("b", "storage:logs:write"), accountBearer());
    sim.clock().advance(Duration.ofSeconds(5));

    SimHttp.Reply r = http.put(tokensPath() + "/" + id + "/status", new JsonObject().put("status", "INACTIVE"),
        accountBearer());

    assertEquals(200, r.status());
    assertEquals(0, r.raw() == null ? 0 : r.raw().length());
    JsonObject inactive = listPlatform("?status=INACTIVE", accountBearer());
    assertEquals(List.of("a"), names(inactive));
    JsonObject item = inactive.getJsonArray("results").getJsonObject(0);
    assertTrue(item.getString("updatedAt").compareTo(item.getString("createdAt")) > 0);
    assertEquals(List.of("b"), names(listPlatform("?status=ACTIVE", accountBearer())));
    assertEquals(400, http.put(tokensPath() + "/" + id + "/status", new JsonObject().put("status", "REVOKED"),
        accountBearer()).status());
    assertEquals(404, http.put(tokensPath() + "/dt0s16.NOSUCHID/status", new JsonObject().put("status", "ACTIVE"),
        accountBearer()).status());
    assertEquals(1, sim.counters().accountStatusUpdates());
  }

  @Test
  void expirationDateCanBeMovedAndIsValidated() {
    String id = mintPlatform(platformBody("renew", "storage:logs:write")
        .put("expirationDate", ExpirationDates.format(sim.clock().now().plus(Duration.ofHours(1)))),
        accountBearer()).getString("tokenId");
    String later = ExpirationDates.format(sim.clock().now().plus(Duration.ofHours(5)));

    SimHttp.Reply moved = http.put(tokensPath() + "/" + id + "/expiration-date",
        new JsonObject().put("expirationDate", later), accountBearer());

    assertEquals(200, moved.status());
    assertEquals(0, moved.raw() == null ? 0 : moved.raw().length());
    assertEquals(later, listPlatform("", accountBearer()).getJsonArray("results").getJsonObject(0)
        .getString("expirationDate"));
    assertEquals(1, sim.counters().accountExpirationUpdates());
    assertEquals(1, sim.state().getJsonObject("counters").getLong("account_expiration_updates"));
    String path = tokensPath() + "/" + id + "/expiration-date";
    assertEquals(400, http.put(path, new JsonObject().put("expirationDate", "next week"), accountBearer()).status());
    assertEquals(400, http.put(path, new JsonObject(), accountBearer()).status());
    assertEquals(400, http.put(path, new JsonObject().put("expirationDate", "2001-01-01T00:00:00Z"),
        accountBearer()).status());
    assertEquals(404, http.put(tokensPath() + "/dt0s16.NOSUCHID/expiration-date",
        new JsonObject().put("expirationDate", later), accountBearer()).status());
    assertEquals(1, sim.counters().accountExpirationUpdates());
  }

  @Test
  void stateShowsAccountTokensWithOwnerResourceTagsAndStatusButNoSecret() {
    JsonObject created = mintPlatform(platformBody("st", "storage:logs:write").put("tags", new JsonArray().add("t1"))
        .put("userUuid", info.serviceUserUuid()), accountBearer());

    JsonObject state = http.get("/_sim/state", null).json();

    JsonObject t = state.getJsonArray("platform_tokens").stream().map(JsonObject.class::cast)
        .filter(x -> created.getString("tokenId").equals(x.getString("id"))).findFirst().orElseThrow();
    assertEquals("st", t.getString("name"));
    assertEquals(info.serviceUserUuid(), t.getString("owner_uuid"));
    assertEquals(info.serviceUserUuid() + "@service.sso.dynatrace.com", t.getString("owner"));
    assertEquals(List.of("storage:logs:write"), t.getJsonArray("scopes").getList());
    assertEquals(List.of(info.environmentUrn()), t.getJsonArray("resource").getList());
    assertEquals(List.of("t1"), t.getJsonArray("tags").getList());
    assertEquals("ACTIVE", t.getString("status"));
    assertTrue(t.getString("creation_date") != null && t.containsKey("expiration_date"));
    assertTrue(t.getBoolean("account_managed"));
    assertFalse(state.encode().contains(created.getString("token")));
    assertEquals(info.accountUuid(), state.getString("account_uuid"));
  }

  @Test
  void seededPlatformTokensAreNotPartOfTheAccountList() {
    assertEquals(0, listPlatform("", accountBearer()).getInteger("total"));
    assertEquals(404, http.delete(tokensPath() + "/" + info.platformTokenId(), accountBearer()).status());
  }

  private static List<String> names(JsonObject page) {
    return page.getJsonArray("results").stream().map(o -> ((JsonObject) o).getString("name")).toList();
  }
}
