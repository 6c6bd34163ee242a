package io.dtvb.dynatrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Listing (pages from 1, bounded, lenient items) and account limits against the stub. */
class PlatformTokenListTest extends AccountTestBase {

  @Test
  void listFollowsPagesFromOneUntilTheTotalIsReached() {
    stub.tokens.seed("vault-a", 1203);

    List<PlatformTokenInfo> all = client().list(null).await();

    assertEquals(1203, all.size());
    List<AccountApiStub.Recorded> pages = stub.requests("GET", "/platform-tokens");
    assertEquals(List.of("1", "2", "3"), pages.stream().map(r -> r.query().get("page")).toList());
    assertTrue(pages.stream().allMatch(r -> "500".equals(r.query().get("size")) && r.query().get("searchTerm") == null));
  }

  @Test
  void theSearchTermIsSentAndASecretIsCutToItsId() {
    PlatformTokenApi api = client();
    stub.tokens.seed("other", 3);
    MintedToken minted = api.create(request("vault-find-me", "storage:logs:read")).await();

    assertEquals(List.of(minted.id()), api.list("vault-find").await().stream().map(PlatformTokenInfo::tokenId).toList());
    assertEquals(1, api.list(minted.token()).await().size());

    List<AccountApiStub.Recorded> pages = stub.requests("GET", "/platform-tokens");
    assertEquals("vault-find", pages.get(0).query().get("searchTerm"));
    assertEquals(minted.id(), pages.get(1).query().get("searchTerm"));
  }

  @Test
  void withoutATotalAnEmptyPageEndsTheList() {
    String item = new JsonObject().put("tokenId", "dt0s16.ONLY0001").put("name", "n").encode();
    stub.respond("GET", "/platform-tokens", 200, "{\"results\":[" + item + "]}");
    stub.respond("GET", "/platform-tokens", 200, "{\"results\":[]}");

    List<PlatformTokenInfo> all = client().list(null).await();

    assertEquals(List.of("dt0s16.ONLY0001"), all.stream().map(PlatformTokenInfo::tokenId).toList());
    assertEquals(2, stub.requests("GET", "/platform-tokens").size());
  }

  @Test
  void aServerThatIgnoresPagingIsReadAtMostAThousandTimesWithoutDuplicates() {
    stub.tokens.seed("loop", 2);
    stub.tokens.ignorePagingWithTotal = 1_000_000_000L;

    List<PlatformTokenInfo> all = client().list(null).await();

    assertEquals(2, all.size());
    assertEquals(PlatformTokenApiHttp.MAX_PAGES, stub.requests("GET", "/platform-tokens").size());
  }

  @Test
  void realListItemsAreParsedLeniently() {
    stub.tokens.seed(new JsonObject().put("tokenId", "dt0s16.GND2EIRX").put("accountUuid", 12345)
        .put("name", "svc").put("scope", new JsonArray().add("storage:logs:read").add("settings:objects:read"))
        .put("resource", new JsonArray().add("urn:dtenvironment:abc12345")).put("status", "ACTIVE")
        .putNull("expirationDate").put("createdAt", "2026-08-06T11:04:00Z").put("updatedAt", "2026-08-06T11:04:00.123Z")
        .put("createdBy", "someone@example.com").put("owner", AccountApiStub.SUBJECT + "@service.sso.dynatrace.com")
        .put("metadata", new JsonObject().put("lastUsedAt", "2026-08-06T11:05:00Z")).put("somethingNew", true));
    stub.tokens.seed(new JsonObject().put("tokenId", "dt0s16.EXPIRED1").put("name", "old").put("status", "ACTIVE")
        .put("expirationDate", "2026-08-06T09:00:00.000Z").put("userUuid", "u-1").put("owner", "ann@example.com")
        .put("tags", new JsonArray().add("vault")));

    List<PlatformTokenInfo> all = client().list(null).await();

    PlatformTokenInfo svc = all.get(0);
    assertEquals("svc", svc.name());
    assertEquals(List.of("storage:logs:read", "settings:objects:read"), svc.scopes());
    assertEquals(List.of("urn:dtenvironment:abc12345"), svc.resources());
    assertEquals(Instant.parse("2026-08-06T11:04:00Z"), svc.createdAt());
    assertNull(svc.expirationDate());
    assertNull(svc.userUuid());
    assertEquals(AccountApiStub.SUBJECT, svc.ownerUuid());
    assertFalse(svc.expiredAt(clientClock.instant()));
    PlatformTokenInfo old = all.get(1);
    assertEquals("ACTIVE", old.status());
    assertTrue(old.expiredAt(clientClock.instant()), "expired tokens are listed as ACTIVE; the date decides");
    assertEquals("u-1", old.ownerUuid());
    assertEquals(List.of("vault"), old.tags());
  }

  @Test
  void limitsAreReadFromATopLevelArray() {
    PlatformTokenApi api = client();
    api.create(request("one", "storage:logs:read")).await();

    List<AccountLimit> limits = api.limits().await();

    assertEquals(new AccountLimit(AccountLimit.MAX_PLATFORM_TOKENS_PER_USER, 50, 1), limits.get(0));
    assertEquals(49, limits.get(0).remaining());
    assertEquals(3, limits.size());
    assertEquals("/iam/v1/accounts/" + AccountApiStub.ACCOUNT_UUID + "/limits", stub.requests("GET", "/limits").get(0).path());
  }

  @Test
  void limitsAreReadFromAnObjectUnderItemsLimitsOrResults() {
    PlatformTokenApi api = client();
    JsonArray list = new JsonArray().add(AccountApiStubTokens.limit("MAX_PLATFORM_TOKENS_PER_ACCOUNT", 50000, 53))
        .add(new JsonObject().put("type", "MAX_PLATFORM_TOKENS_PER_USER").put("limitValue", "50").put("currentValue", "53"));
    for (String key : List.of("items", "limits", "results")) {
      stub.tokens.limitsBody = new JsonObject().put(key, list);

      List<AccountLimit> limits = api.limits().await();

      assertEquals(List.of(new AccountLimit("MAX_PLATFORM_TOKENS_PER_ACCOUNT", 50000, 53),
          new AccountLimit("MAX_PLATFORM_TOKENS_PER_USER", 50, 53)), limits, key);
      assertEquals(0, limits.get(1).remaining(), "over the cap is nothing left, not negative");
    }
  }

  @Test
  void aLimitsAnswerWithoutAListIsAnUnexpectedBody() {
    stub.tokens.limitsBody = new JsonObject().put("something", "else");

    DynatraceException e = failure(client().limits());

    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("unexpected body"), e.getMessage());
  }
}
