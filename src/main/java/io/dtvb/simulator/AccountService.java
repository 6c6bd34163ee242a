package io.dtvb.simulator;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The decisions of the Account Management platform-tokens API (documented operations; shapes as
 * observed live where known):
 *
 * <ul>
 *   <li>list: pages start at 1 (field-reported), default size 100, at most 500 (field-reported);
 *       {@code searchTerm} matches tokenId, name, createdBy or a scope (documented; case-insensitive
 *       substring is inferred); {@code status} filters on the stored status, so an expired token
 *       still lists as ACTIVE (field-reported); deleted tokens are absent (field-reported); order is
 *       creation order (inferred).
 *   <li>create: 200 {@code {name, tokenId, token}} (documented and field-reported); without
 *       {@code userUuid} the token belongs to the calling client's subject user (field-reported);
 *       with one it must be a service user the client may use, else 403 (field-reported for
 *       OAuth clients). Per-owner caps count expired tokens until deleted (field-reported).
 *   <li>delete, expiry and status edits: 200 with an empty body (field-reported; the docs say 204
 *       for status); an unknown or deleted id is 404 (field-reported).
 * </ul>
 */
final class AccountService {
  static final int MAX_PAGE_SIZE = 500;
  static final int DEFAULT_PAGE_SIZE = 100;

  private final PlatformTokens tokens;
  private final ServiceUsers users;
  private final SimClock clock;
  private final SimCounters counters;
  private final Supplier<AccountLimits> limits;
  private final String accountUuid;
  private final Set<String> knownResources;

  AccountService(PlatformTokens tokens, ServiceUsers users, SimClock clock, SimCounters counters,
      Supplier<AccountLimits> limits, String accountUuid, Set<String> environmentIds) {
    this.tokens = tokens;
    this.users = users;
    this.clock = clock;
    this.counters = counters;
    this.limits = limits;
    this.accountUuid = accountUuid;
    Set<String> known = new java.util.HashSet<>();
    known.add("urn:dtaccount:" + accountUuid);
    environmentIds.forEach(e -> known.add("urn:dtenvironment:" + e));
    this.knownResources = Set.copyOf(known);
  }

  /** {@code GET …/platform-tokens}: {@code {pageSize, pageNumber, total, results}}. */
  JsonObject list(MultiMap query) {
    int page = number(query.get("page"), 1, "page");
    int size = number(query.get("size"), DEFAULT_PAGE_SIZE, "size");
    if (size > MAX_PAGE_SIZE) {
      throw AccountError.badRequest("Parameter 'size' must not be greater than " + MAX_PAGE_SIZE + ".");
    }
    String rawStatus = query.get("status");
    PlatformToken.Status status = parseStatus(rawStatus);
    if (status == null && rawStatus != null && !rawStatus.isBlank()) {
      throw AccountError.badRequest("Parameter 'status' must be ACTIVE or INACTIVE.");
    }
    String term = query.get("searchTerm") == null ? "" : query.get("searchTerm").trim().toLowerCase(Locale.ROOT);
    List<PlatformToken> matching = tokens.accountTokens().stream()
        .filter(t -> status == null || t.status() == status)
        .filter(t -> term.isEmpty() || matches(t, term))
        .toList();
    JsonArray results = new JsonArray();
    long from = (long) (page - 1) * size;
    for (long i = from; i < Math.min(matching.size(), from + size); i++) {
      results.add(PlatformTokenJson.item(matching.get((int) i), accountUuid));
    }
    return new JsonObject().put("pageSize", size).put("pageNumber", page).put("total", matching.size())
        .put("results", results);
  }

  private static boolean matches(PlatformToken t, String term) {
    return contains(t.id(), term) || contains(t.name(), term) || contains(t.createdBy(), term)
        || t.scopes().stream().anyMatch(s -> contains(s, term));
  }

  private static boolean contains(String text, String term) {
    return text != null && text.toLowerCase(Locale.ROOT).contains(term);
  }

  /** {@code POST …/platform-tokens}: {@code {name, tokenId, token}}. */
  JsonObject create(AccountCaller caller, JsonObject body) {
    PlatformTokenForm form = PlatformTokenForm.parse(body, clock.now(), knownResources);
    SimUser owner = owner(caller, form.userUuid());
    IssuedToken issued;
    synchronized (tokens) {
      AccountLimits caps = limits.get();
      int cap = owner.serviceUser() ? caps.perServiceUser() : caps.perUser();
      if (tokens.countOwnedBy(owner.uuid()) >= cap) {
        throw AccountError.badRequest("Maximum number of platform tokens reached for user "
            + owner.uuid() + " (limit " + cap + ").");
      }
      if (tokens.accountCount() >= caps.perAccount()) {
        throw AccountError.badRequest("Maximum number of platform tokens reached for account "
            + accountUuid + " (limit " + caps.perAccount() + ").");
      }
      issued = tokens.mint(new PlatformTokens.Draft(form.name(), owner.email(), owner.uuid(),
          caller.subject().email(), form.scopes(), form.resource(), form.tags(), form.expirationDate()));
    }
    counters.accountCreates.incrementAndGet();
    SimLog.info("platform token minted", new JsonObject().put("id", issued.id())
        .put("owner_uuid", owner.uuid()));
    return new JsonObject().put("name", form.name()).put("tokenId", issued.id()).put("token", issued.token());
  }

  private SimUser owner(AccountCaller caller, String userUuid) {
    if (userUuid == null || userUuid.equals(caller.subject().uuid())) {
      return caller.subject();
    }
    return users.usableBy(caller.clientId(), userUuid).filter(SimUser::serviceUser)
        .orElseThrow(() -> new AccountError(403, "Not allowed to create a platform token for user "
            + userUuid + ": it is not a service user the caller may use."));
  }

  /** {@code DELETE …/platform-tokens/{id}}. */
  void delete(String id) {
    if (!tokens.remove(id)) {
      throw unknown(id);
    }
    counters.accountDeletes.incrementAndGet();
  }

  /** {@code PUT …/platform-tokens/{id}/expiration-date} with {@code {"expirationDate": "<RFC 3339>"}}. */
  void setExpiration(String id, JsonObject body) {
    tokens.accountToken(id).orElseThrow(() -> unknown(id));
    Object raw = body.getValue("expirationDate");
    if (!(raw instanceof String text) || text.isBlank()) {
      throw AccountError.badRequest("Field 'expirationDate' is required.");
    }
    Instant now = clock.now();
    Instant at = PlatformTokenForm.futureDate(text, now);
    tokens.update(id, t -> t.withExpiration(at, now)).orElseThrow(() -> unknown(id));
    counters.accountExpirationUpdates.incrementAndGet();
  }

  /** {@code PUT …/platform-tokens/{id}/status} with {@code {"status": "ACTIVE" | "INACTIVE"}}. */
  void setStatus(String id, JsonObject body) {
    tokens.accountToken(id).orElseThrow(() -> unknown(id));
    Object raw = body.getValue("status");
    PlatformToken.Status status = raw instanceof String s ? parseStatus(s) : null;
    if (status == null) {
      throw AccountError.badRequest("Field 'status' must be ACTIVE or INACTIVE.");
    }
    tokens.update(id, t -> t.withStatus(status, clock.now())).orElseThrow(() -> unknown(id));
    counters.accountStatusUpdates.incrementAndGet();
  }

  /** {@code GET …/limits}: the caller's own counts per user kind, and the account's total. */
  JsonObject limits(AccountCaller caller) {
    AccountLimits caps = limits.get();
    int own = tokens.countOwnedBy(caller.subject().uuid());
    boolean service = caller.subject().serviceUser();
    JsonArray items = new JsonArray()
        .add(limit(AccountLimits.PER_USER, caps.perUser(), service ? 0 : own))
        .add(limit(AccountLimits.PER_SERVICE_USER, caps.perServiceUser(), service ? own : 0))
        .add(limit(AccountLimits.PER_ACCOUNT, caps.perAccount(), tokens.accountCount()));
    return new JsonObject().put("items", items);
  }

  private static JsonObject limit(String type, int value, int current) {
    return new JsonObject().put("limitType", type).put("limitValue", value).put("currentValue", current);
  }

  private static AccountError unknown(String id) {
    return AccountError.notFound("Platform token " + id + " not found.");
  }

  private static int number(String raw, int fallback, String name) {
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(raw.trim());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw AccountError.badRequest("Parameter '" + name + "' must be a whole number of at least 1.");
  }

  /** ACTIVE or INACTIVE (any case); null when blank or anything else. */
  private static PlatformToken.Status parseStatus(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      return PlatformToken.Status.valueOf(raw.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
