package io.dtvb.dynatrace;

import io.dtvb.sidecarapi.Redaction;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@link PlatformTokenApi} over HTTP with the Vert.x Web Client: an SSO client-credentials bearer for
 * {@code urn:dtaccount:<uuid>} (cached, refreshed before expiry, replaced once on a 401), sent to the
 * Account Management API. Every call runs under the connection's {@link Resilience} like
 * {@link DynatraceTokenApiHttp}: create is not idempotent and is retried only when the request cannot
 * have been processed (429, 503, refused connection); delete, list, limits and setExpiration are
 * retried on every retryable failure. Paths follow the documented API; the list is paged with
 * {@code page} (from 1, as observed) and {@code size} (500, the reported maximum) [field-reported].
 */
public final class PlatformTokenApiHttp implements PlatformTokenApi {
  static final int LIST_PAGE_SIZE = 500;
  /** A bound on paging, whatever the server says about its total (10^3 pages of 500 is 10x the account cap). */
  static final int MAX_PAGES = 1000;

  private final WebClient client;
  private final DynatraceHttp http;
  private final DynatraceAuth auth;
  private final DynatraceClientOptions options;
  private final String base;
  private final ResilientCalls calls;

  private PlatformTokenApiHttp(WebClient client, DynatraceHttp http, DynatraceAuth auth,
      DynatraceClientOptions options, String base, ResilientCalls calls) {
    this.client = client;
    this.http = http;
    this.auth = auth;
    this.options = options;
    this.base = base;
    this.calls = calls;
  }

  /**
   * A client for one account; call {@link #close()} when done.
   *
   * @throws IllegalArgumentException when the connection lacks the account UUID, client id or secret,
   *     or its URLs are not http(s)
   */
  public static PlatformTokenApiHttp create(Vertx vertx, AccountConnection account, DynatraceClientOptions options) {
    validate(account);
    WebClient client = DynatraceHttp.newClient(vertx, options);
    CallDeadline deadline = new CallDeadline(vertx, options.requestTimeout());
    DynatraceAuth auth = OAuthBearerAuth.forAccount(client, account, options, deadline);
    return new PlatformTokenApiHttp(client, new DynatraceHttp(client, auth, options, deadline), auth, options,
        account.accountBaseUrl(), new ResilientCalls(vertx, options.resilience(), options.clock()));
  }

  /** A client with {@link DynatraceClientOptions#defaults()}. */
  public static PlatformTokenApiHttp create(Vertx vertx, AccountConnection account) {
    return create(vertx, account, DynatraceClientOptions.defaults());
  }

  @Override
  public Future<MintedToken> create(PlatformTokenCreate request) {
    if (request == null) {
      throw new IllegalArgumentException("a platform token create needs a request");
    }
    String what = "POST /platform-tokens";
    Instant sent = request.expirationDate().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    JsonObject body = PlatformTokenJson.createBody(request);
    return calls.run(what, false, () -> http.send(HttpMethod.POST, base + "/platform-tokens", body, what)
        .compose(Responses.expect(what, options.clock(), r -> PlatformTokenJson.minted(r.bodyAsJsonObject(), sent))));
  }

  @Override
  public Future<DeleteOutcome> delete(String tokenId) {
    String id = idOf(tokenId);
    String what = "DELETE /platform-tokens/" + id;
    return calls.run(what, true, () -> http.send(HttpMethod.DELETE, base + "/platform-tokens/" + encode(id), null, what)
        .compose(r -> r.statusCode() == 404 ? Future.succeededFuture(DeleteOutcome.ALREADY_GONE)
            : Responses.<DeleteOutcome>expect(what, options.clock(), x -> DeleteOutcome.DELETED).apply(r)));
  }

  @Override
  public Future<Void> setExpiration(String tokenId, Instant expirationDate) {
    if (expirationDate == null) {
      throw new IllegalArgumentException("setExpiration needs an expirationDate");
    }
    String id = idOf(tokenId);
    String what = "PUT /platform-tokens/" + id + "/expiration-date";
    JsonObject body = new JsonObject().put("expirationDate", ApiTokenJson.formatDate(expirationDate));
    return calls.run(what, true, () -> http.send(HttpMethod.PUT,
        base + "/platform-tokens/" + encode(id) + "/expiration-date", body, what)
        .compose(Responses.<Void>expect(what, options.clock(), r -> null)));
  }

  @Override
  public Future<List<PlatformTokenInfo>> list(String searchTerm) {
    String term = searchTerm == null || searchTerm.isBlank() ? null
        : Redaction.looksSecret(searchTerm) && DynatraceConnection.publicId(searchTerm) != null
            ? DynatraceConnection.publicId(searchTerm) : searchTerm;
    return page(term, 1, new Paging());
  }

  /** What the pages so far held: items (deduplicated by id, in order) and how many came back in all. */
  private static final class Paging {
    final List<PlatformTokenInfo> items = new ArrayList<>();
    final Set<String> ids = new HashSet<>();
    long seen;
  }

  private Future<List<PlatformTokenInfo>> page(String term, int number, Paging paging) {
    String what = "GET /platform-tokens";
    String query = "?" + (term == null ? "" : "searchTerm=" + encode(term) + "&")
        + "page=" + number + "&size=" + LIST_PAGE_SIZE;
    return calls.run(what, true, () -> http.send(HttpMethod.GET, base + "/platform-tokens" + query, null, what)
            .compose(Responses.expect(what, options.clock(), HttpResponse::bodyAsJsonObject)))
        .compose(body -> {
          List<JsonObject> results = PlatformTokenJson.results(body);
          for (JsonObject o : results) {
            PlatformTokenInfo info = PlatformTokenJson.info(o);
            if (info.tokenId() == null || paging.ids.add(info.tokenId())) {
              paging.items.add(info);
            }
          }
          paging.seen += results.size();
          long total = PlatformTokenJson.total(body);
          boolean done = results.isEmpty() || (total >= 0 && paging.seen >= total) || number >= MAX_PAGES;
          return done ? Future.succeededFuture(List.copyOf(paging.items)) : page(term, number + 1, paging);
        });
  }

  @Override
  public Future<List<AccountLimit>> limits() {
    String what = "GET /limits";
    return calls.run(what, true, () -> http.send(HttpMethod.GET, base + "/limits", null, what)
        .compose(Responses.expect(what, options.clock(), r -> PlatformTokenJson.limits(Json.decodeValue(r.body())))));
  }

  @Override
  public Future<String> subjectUserUuid() {
    return calls.run("SSO client-credentials grant", true, auth::authorization).map(PlatformTokenJson::jwtSubject);
  }

  /** The account connection's circuit breaker (health and metrics). */
  public CircuitBreaker breaker() {
    return calls.breaker();
  }

  @Override
  public Future<Void> close() {
    return calls.whenIdle(options.resilience().budget()).andThen(ar -> client.close());
  }

  private static void validate(AccountConnection a) {
    if (a == null) {
      throw new IllegalArgumentException("an account connection is required");
    }
    if (a.accountUuid() == null || !a.accountUuid().matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("accountUuid must be the account's UUID");
    }
    if (!a.accountApiUrl().matches("(?i)https?://.+") || !a.ssoUrl().matches("(?i)https?://.+")) {
      throw new IllegalArgumentException("accountApiUrl and ssoUrl must be http(s) URLs");
    }
    if (a.clientId() == null || a.clientId().isBlank() || a.clientSecret() == null || a.clientSecret().isBlank()) {
      throw new IllegalArgumentException("the account connection needs an OAuth client id and client secret");
    }
  }

  /** Accepts an id or a full secret and returns the id, so secrets never land in URLs or messages. */
  static String idOf(String tokenIdOrSecret) {
    if (tokenIdOrSecret == null || tokenIdOrSecret.isBlank()) {
      throw new IllegalArgumentException("a platform token id is required");
    }
    return DynatraceTokenApiHttp.idOf(tokenIdOrSecret.trim());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
