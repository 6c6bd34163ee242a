package io.dtvb.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code GET /apiTokens}: fields, selector, page size and nextPageKey paging. */
class SimulatorListTest extends SimulatorTestBase {

  @Test
  void listDefaultsToFiveFieldsNewestFirstAndPageSize200() {
    mint(createBody("newest", "metrics.read"));

    JsonObject list = http.get(CLASSIC + "/apiTokens", admin).json();

    assertEquals(200, list.getInteger("pageSize"));
    assertEquals(2, list.getInteger("totalCount"));
    assertNull(list.getString("nextPageKey"));
    JsonObject first = list.getJsonArray("apiTokens").getJsonObject(0);
    assertEquals("newest", first.getString("name"));
    assertEquals(Set.of("id", "name", "enabled", "owner", "creationDate"), first.fieldNames());
  }

  @Test
  void fieldsCanBeAddedRemovedOrListedExplicitly() {
    mint(createBody("f", "metrics.read").put("expirationDate", "now+1d"));

    JsonObject added = firstToken("fields=" + enc("+scopes,+expirationDate,-owner"));
    JsonObject explicit = firstToken("fields=" + enc("name,scopes"));

    assertEquals(Set.of("id", "name", "enabled", "creationDate", "scopes", "expirationDate"), added.fieldNames());
    assertEquals(Set.of("id", "name", "scopes"), explicit.fieldNames());
  }

  @Test
  void unknownFieldIsRejected() {
    assertEquals(400, http.get(CLASSIC + "/apiTokens?fields=" + enc("+secret"), admin).status());
  }

  @Test
  void pageSizeOutsideTheDocumentedRangeIsRejected() {
    SimHttp.Reply small = http.get(CLASSIC + "/apiTokens?pageSize=99", admin);
    SimHttp.Reply large = http.get(CLASSIC + "/apiTokens?pageSize=10001", admin);

    assertEquals(400, small.status());
    assertEquals("pageSize", small.json().getJsonObject("error").getJsonArray("constraintViolations")
        .getJsonObject(0).getString("path"));
    assertEquals(400, large.status());
    assertEquals(200, http.get(CLASSIC + "/apiTokens?pageSize=100", admin).status());
    assertEquals(200, http.get(CLASSIC + "/apiTokens?pageSize=10000", admin).status());
  }

  @Test
  void nextPageKeyWalksEveryTokenExactlyOnce() {
    for (int i = 0; i < 250; i++) {
      sim.createToken("bulk-" + i, List.of("metrics.read"), null);
    }
    Set<String> seen = new HashSet<>();
    JsonObject page = http.get(CLASSIC + "/apiTokens?pageSize=100", admin).json();
    int pages = 1;
    collect(page, seen);
    while (page.getString("nextPageKey") != null) {
      page = http.get(CLASSIC + "/apiTokens?nextPageKey=" + enc(page.getString("nextPageKey")), admin).json();
      collect(page, seen);
      pages++;
    }

    assertEquals(3, pages);
    assertEquals(251, seen.size());
    assertEquals(251, page.getInteger("totalCount"));
  }

  @Test
  void nextPageKeyMustBeTheOnlyParameter() {
    for (int i = 0; i < 150; i++) {
      sim.createToken("bulk-" + i, List.of("metrics.read"), null);
    }
    String key = http.get(CLASSIC + "/apiTokens?pageSize=100", admin).json().getString("nextPageKey");

    SimHttp.Reply r = http.get(CLASSIC + "/apiTokens?pageSize=100&nextPageKey=" + enc(key), admin);

    assertEquals(400, r.status());
    assertEquals(400, http.get(CLASSIC + "/apiTokens?nextPageKey=garbage", admin).status());
  }

  @Test
  void selectorFiltersByOwnerKindAndAnyOfTheScopes() {
    mint(createBody("pat", "logs.read").put("personalAccessToken", true));
    mint(createBody("api", "events.read"));
    String owner = http.get(CLASSIC + "/apiTokens/" + info.apiTokenId(), admin).json().getString("owner");

    assertEquals(3, total("apiTokenSelector=" + enc("owner(\"" + owner + "\")")));
    assertEquals(0, total("apiTokenSelector=" + enc("owner(\"" + owner.toUpperCase() + "x\")")));
    assertEquals(1, total("apiTokenSelector=" + enc("personalAccessToken(true)")));
    assertEquals(2, total("apiTokenSelector=" + enc("personalAccessToken(false)")));
    assertEquals(2, total("apiTokenSelector=" + enc("scope(\"logs.read\",\"events.read\")")));
    assertEquals(1, total("apiTokenSelector=" + enc("scope(\"logs.read\",\"events.read\"),personalAccessToken(false)")));
  }

  @Test
  void malformedSelectorIsRejected() {
    assertEquals(400, http.get(CLASSIC + "/apiTokens?apiTokenSelector=" + enc("name(\"x\")"), admin).status());
    assertEquals(400, http.get(CLASSIC + "/apiTokens?apiTokenSelector=" + enc("owner(\"x\""), admin).status());
  }

  @Test
  void deletedTokensLeaveTheList() {
    String id = mint(createBody("gone", "metrics.read")).getString("id");
    http.delete(CLASSIC + "/apiTokens/" + id, admin);

    assertEquals(1, total("pageSize=100"));
  }

  @Test
  void listNeedsTheReadScope() {
    IssuedToken writer = sim.createToken("writer", List.of("apiTokens.write"), null);

    SimHttp.Reply r = http.get(CLASSIC + "/apiTokens", SimHttp.apiToken(writer.token()));

    assertEquals(403, r.status());
    assertTrue(r.errorMessage().contains("apiTokens.read"));
  }

  private int total(String query) {
    SimHttp.Reply r = http.get(CLASSIC + "/apiTokens?" + query, admin);
    assertEquals(200, r.status(), r.raw().toString());
    return r.json().getInteger("totalCount");
  }

  private JsonObject firstToken(String query) {
    return http.get(CLASSIC + "/apiTokens?" + query, admin).json().getJsonArray("apiTokens").getJsonObject(0);
  }

  private static void collect(JsonObject page, Set<String> seen) {
    JsonArray tokens = page.getJsonArray("apiTokens");
    tokens.forEach(t -> assertTrue(seen.add(((JsonObject) t).getString("id")), "seen twice"));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
