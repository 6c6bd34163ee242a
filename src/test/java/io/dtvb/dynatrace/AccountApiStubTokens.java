package io.dtvb.dynatrace;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The platform-token and limits endpoints of {@link AccountApiStub}: tokens kept as the JSON items a
 * real list answers (tokenId, string accountUuid, scope, resource, status ACTIVE, expirationDate or
 * null, createdAt without millis, owner e-mail, no userUuid), 200 on create, empty 200 on delete and
 * expiry edits, 404 with the account envelope for unknown ids.
 */
final class AccountApiStubTokens {
  private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final AccountApiStub stub;
  private final Map<String, JsonObject> items = new LinkedHashMap<>();
  /** The status a successful create answers (200 documented; 201 accepted by clients). */
  volatile int createStatus = 200;
  /** Leave tokenId out of the create answer. */
  volatile boolean omitTokenId;
  /** Answer every list request with page 1 and this total, whatever page is asked (a server ignoring paging). */
  volatile long ignorePagingWithTotal = -1;
  /** The limits answer; null = a top-level array counting the stored tokens. */
  volatile Object limitsBody;

  AccountApiStubTokens(AccountApiStub stub) {
    this.stub = stub;
  }

  void mount(Router router, String account) {
    router.post(account + "/platform-tokens").handler(this::create);
    router.get(account + "/platform-tokens").handler(this::list);
    router.delete(account + "/platform-tokens/:id").handler(this::delete);
    router.put(account + "/platform-tokens/:id/expiration-date").handler(this::expiration);
    router.get(account + "/limits").handler(this::limits);
  }

  /** Adds a list item as given (tests of lenient parsing); it needs a tokenId. */
  synchronized void seed(JsonObject item) {
    items.put(item.getString("tokenId"), item);
  }

  /** Adds {@code count} plain tokens named {@code prefix-i}. */
  synchronized void seed(String prefix, int count) {
    for (int i = 0; i < count; i++) {
      String id = "dt0s16." + random(8);
      items.put(id, item(id, prefix + "-" + i, new JsonArray().add("storage:logs:read"), new JsonArray(), null, null));
    }
  }

  synchronized JsonObject get(String id) {
    return items.get(id);
  }

  synchronized int size() {
    return items.size();
  }

  private synchronized void create(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      body = null;
    }
    if (body == null || !(body.getValue("scope") instanceof JsonArray scope)
        || !(body.getValue("resource") == null || body.getValue("resource") instanceof JsonArray)) {
      AccountApiStub.error(ctx, 400, "Problem with json mapping.");
      return;
    }
    for (Object s : scope) {
      if (!String.valueOf(s).matches("[a-z-]+(:[a-z.-]+)+") || String.valueOf(s).contains("bogus")) {
        AccountApiStub.error(ctx, 400, "Invalid scopes");
        return;
      }
    }
    String id = "dt0s16." + random(8);
    String token = id + "." + random(64);
    items.put(id, item(id, body.getString("name"), scope, body.getJsonArray("resource", new JsonArray()),
        body.getString("expirationDate"), body.getString("userUuid")));
    JsonObject answer = new JsonObject().put("name", body.getString("name")).put("token", token);
    if (!omitTokenId) {
      answer.put("tokenId", id);
    }
    AccountApiStub.json(ctx, createStatus, answer);
  }

  private synchronized void list(RoutingContext ctx) {
    String term = ctx.queryParams().get("searchTerm");
    int page = intParam(ctx, "page", 1);
    int size = Math.min(500, intParam(ctx, "size", 100));
    List<JsonObject> matching = new ArrayList<>();
    for (JsonObject o : items.values()) {
      if (term == null || o.encode().contains(term)) {
        matching.add(o);
      }
    }
    if (ignorePagingWithTotal >= 0) {
      page = 1;
    }
    int from = Math.min(matching.size(), Math.max(0, (page - 1) * size));
    int to = Math.min(matching.size(), from + size);
    AccountApiStub.json(ctx, 200, new JsonObject().put("pageSize", size).put("pageNumber", page)
        .put("total", ignorePagingWithTotal >= 0 ? ignorePagingWithTotal : matching.size())
        .put("results", new JsonArray(new ArrayList<>(matching.subList(from, to)))));
  }

  private synchronized void delete(RoutingContext ctx) {
    if (items.remove(ctx.pathParam("id")) == null) {
      AccountApiStub.error(ctx, 404, "Platform token " + ctx.pathParam("id") + " not found");
    } else {
      ctx.response().setStatusCode(200).end();
    }
  }

  private synchronized void expiration(RoutingContext ctx) {
    JsonObject item = items.get(ctx.pathParam("id"));
    if (item == null) {
      AccountApiStub.error(ctx, 404, "Platform token " + ctx.pathParam("id") + " not found");
      return;
    }
    item.put("expirationDate", ctx.body().asJsonObject().getString("expirationDate"));
    ctx.response().setStatusCode(200).end();
  }

  private synchronized void limits(RoutingContext ctx) {
    Object body = limitsBody != null ? limitsBody : new JsonArray()
        .add(limit("MAX_PLATFORM_TOKENS_PER_USER", 50, items.size()))
        .add(limit("MAX_PLATFORM_TOKENS_PER_SERVICE_USER", 100, 0))
        .add(limit("MAX_PLATFORM_TOKENS_PER_ACCOUNT", 50000, items.size()));
    AccountApiStub.json(ctx, 200, body);
  }

  static JsonObject limit(String type, long value, long current) {
    return new JsonObject().put("limitType", type).put("limitValue", value).put("currentValue", current);
  }

  private static JsonObject item(String id, String name, JsonArray scope, JsonArray resource, String expiration,
      String userUuid) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String owner = (userUuid != null ? userUuid : AccountApiStub.SUBJECT) + "@service.sso.dynatrace.com";
    return new JsonObject().put("tokenId", id).put("accountUuid", AccountApiStub.ACCOUNT_UUID).put("name", name)
        .put("scope", scope).put("resource", resource).put("status", "ACTIVE").put("expirationDate", expiration)
        .put("createdAt", now).put("updatedAt", now).put("createdBy", owner).put("owner", owner)
        .put("metadata", new JsonObject().putNull("lastUsedAt").putNull("lastClientIp"));
  }

  private static int intParam(RoutingContext ctx, String name, int fallback) {
    try {
      return Integer.parseInt(ctx.queryParams().get(name));
    } catch (RuntimeException e) {
      return fallback;
    }
  }

  private static String random(int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(ALNUM.charAt(RANDOM.nextInt(ALNUM.length())));
    }
    return b.toString();
  }
}
