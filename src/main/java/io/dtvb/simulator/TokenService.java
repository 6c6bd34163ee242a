package io.dtvb.simulator;

import io.dtvb.simulator.AuthService.Access;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * The access-token API's decisions: validation, ownership, self-protection and paging. In a Phase 3
 * environment creation is refused with 400 {@value #PHASE3_REFUSAL} on every path (field-reported
 * 2026-08-10 for {@code /api/v2} and the platform proxy; the classic envelope is inferred; applying it
 * to the Managed path too is the simulator's choice), while lookup, list, get, update and delete of
 * existing tokens keep working (inferred).
 */
final class TokenService {
  /** Dynatrace's answer to a classic token create in a Phase 3 environment (field-reported). */
  static final String PHASE3_REFUSAL = "Creation of new tokens is now only available in Account Management.";

  private final TokenStore store;
  private final SimClock clock;
  private final SimCounters counters;
  private final BooleanSupplier phase3;

  TokenService(TokenStore store, SimClock clock, SimCounters counters, BooleanSupplier phase3) {
    this.store = store;
    this.clock = clock;
    this.counters = counters;
    this.phase3 = phase3;
  }

  /** {@code POST /apiTokens}: returns the ApiTokenCreated body (201). */
  JsonObject create(Caller caller, JsonObject body) {
    AuthService.require(caller, Access.WRITE);
    if (phase3.getAsBoolean()) {
      throw ApiError.badRequest(PHASE3_REFUSAL);
    }
    TokenInput in = TokenInput.forCreate(body, clock.now());
    counters.creates.incrementAndGet();
    return mint(in.name(), in.scopes(), in.expirationDate(), in.personalAccessToken(), caller.owner());
  }

  /** Creates a token directly (used for the admin token and by tests); returns id, token, expiry. */
  JsonObject mint(String name, List<String> scopes, Instant expiration, boolean pat, String owner) {
    String secret = TokenSecrets.newAccessToken();
    String id = TokenSecrets.idOf(secret);
    store.add(new StoredToken(id, TokenSecrets.hash(secret), name, owner, scopes, pat, true,
        clock.now(), expiration, null, null, null, false));
    JsonObject created = new JsonObject().put("id", id).put("token", secret);
    if (expiration != null) {
      created.put("expirationDate", ExpirationDates.format(expiration));
    }
    return created;
  }

  /** {@code GET /apiTokens/{id}}. */
  JsonObject get(Caller caller, String id) {
    AuthService.require(caller, Access.READ);
    return TokenJson.full(store.live(id).orElseThrow(ApiError::notFound));
  }

  /** {@code POST /apiTokens/lookup}. */
  JsonObject lookup(Caller caller, JsonObject body) {
    AuthService.require(caller, Access.LOOKUP);
    Object token = body.getValue("token");
    if (!(token instanceof String secret) || secret.isBlank()) {
      throw ApiError.constraints(List.of(new ApiError.Violation("token", "must not be null", "PAYLOAD_BODY")));
    }
    return TokenJson.full(store.liveBySecret(secret).orElseThrow(ApiError::notFound));
  }

  /** {@code GET /apiTokens}: the ApiTokenList body. */
  JsonObject list(Caller caller, MultiMap params) {
    AuthService.require(caller, Access.READ);
    TokenListQuery q = TokenListQuery.parse(params);
    Predicate<StoredToken> filter = TokenSelector.parse(q.selector()).and(usedWithin(q));
    List<StoredToken> live = store.allLive();
    List<StoredToken> matching = IntStream.range(0, live.size())
        .mapToObj(i -> new TokenListQuery.Indexed(live.get(i), i))
        .filter(x -> filter.test(x.token()))
        .sorted(q.comparator())
        .map(TokenListQuery.Indexed::token)
        .toList();
    int end = Math.min(matching.size(), q.offset() + q.pageSize());
    JsonArray page = new JsonArray();
    var fields = TokenFields.parse(q.fields());
    for (int i = Math.min(q.offset(), end); i < end; i++) {
      page.add(TokenJson.render(matching.get(i), fields));
    }
    return new JsonObject().put("totalCount", matching.size()).put("pageSize", q.pageSize())
        .put("nextPageKey", end < matching.size() ? q.nextPageKey(end) : null).put("apiTokens", page);
  }

  /** {@code PUT /apiTokens/{id}} (204). */
  void update(Caller caller, String id, JsonObject body) {
    AuthService.require(caller, Access.WRITE);
    StoredToken target = store.live(id).orElseThrow(ApiError::notFound);
    TokenInput in = TokenInput.forUpdate(body);
    if (Boolean.FALSE.equals(in.enabled()) && target.id().equals(caller.tokenId())) {
      throw ApiError.badRequest("You can't disable the token you're using for authentication of the request.");
    }
    ownOnlyForPat(caller, target);
    store.update(id, t -> t.withUpdate(in.name(), in.scopes(), in.enabled(), clock.now()));
  }

  /** {@code DELETE /apiTokens/{idOrSecret}} (204). */
  void delete(Caller caller, String idOrSecret) {
    AuthService.require(caller, Access.WRITE);
    StoredToken target = (TokenSecrets.looksLikeSecret(idOrSecret)
        ? store.liveBySecret(idOrSecret) : store.live(idOrSecret)).orElseThrow(ApiError::notFound);
    if (target.id().equals(caller.tokenId())) {
      throw ApiError.badRequest("You can't delete the token you're using for authentication of the request.");
    }
    ownOnlyForPat(caller, target);
    store.update(target.id(), StoredToken::asDeleted);
    counters.deletes.incrementAndGet();
  }

  private static void ownOnlyForPat(Caller caller, StoredToken target) {
    if (caller.personalAccessToken() && !caller.owner().equals(target.owner())) {
      throw new ApiError(403, "A personal access token can only manage tokens of its own owner.");
    }
  }

  private Predicate<StoredToken> usedWithin(TokenListQuery q) {
    Instant[] window = q.window(clock.now());
    if (window == null) {
      return t -> true;
    }
    return t -> t.lastUsedDate() != null
        && !t.lastUsedDate().isBefore(window[0]) && !t.lastUsedDate().isAfter(window[1]);
  }

  /** Snapshot of all tokens (tombstones included) for the state view. */
  JsonArray stateView() {
    Instant now = clock.now();
    List<JsonObject> out = new ArrayList<>();
    store.all().forEach(t -> out.add(TokenJson.state(t, now)));
    return new JsonArray(out);
  }
}
