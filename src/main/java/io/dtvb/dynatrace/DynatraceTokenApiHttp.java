package io.dtvb.dynatrace;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@link DynatraceTokenApi} over HTTP with the Vert.x Web Client, in API_TOKEN mode ({@code Api-Token}
 * on {@code /api/v2}), OAUTH mode (SSO bearer on {@code /platform/classic/environment-api/v2}) or
 * PLATFORM_TOKEN mode (the platform token as a static bearer on the same proxy path).
 * Every call runs under the connection's {@link Resilience} (see {@link ResilientCalls}: bounded
 * concurrency, circuit breaker, back-off retries within a budget), plus one bearer refresh on 401 in
 * OAUTH mode.
 */
public final class DynatraceTokenApiHttp implements DynatraceTokenApi {
  static final int LIST_PAGE_SIZE = 1000;
  /** The smallest page Dynatrace accepts; used for cheap read probes. */
  static final int PROBE_PAGE_SIZE = 100;

  private final WebClient client;
  private final DynatraceHttp http;
  private final DynatraceClientOptions options;
  private final String base;
  private final ResilientCalls calls;

  private DynatraceTokenApiHttp(WebClient client, DynatraceHttp http, DynatraceClientOptions options,
      String base, ResilientCalls calls) {
    this.client = client;
    this.http = http;
    this.options = options;
    this.base = base;
    this.calls = calls;
  }

  /**
   * A client for one connection; call {@link #close()} when done.
   *
   * @throws IllegalArgumentException when the connection lacks what its auth mode needs
   */
  public static DynatraceTokenApiHttp create(Vertx vertx, DynatraceConnection connection,
      DynatraceClientOptions options) {
    validate(connection);
    WebClient client = DynatraceHttp.newClient(vertx, options);
    CallDeadline deadline = new CallDeadline(vertx, options.requestTimeout());
    DynatraceAuth auth = switch (connection.authMode()) {
      case OAUTH -> new OAuthBearerAuth(client, connection, options, deadline);
      case PLATFORM_TOKEN -> DynatraceAuth.platformToken(connection.platformToken());
      case API_TOKEN -> DynatraceAuth.apiToken(connection.apiToken());
    };
    return new DynatraceTokenApiHttp(client, new DynatraceHttp(client, auth, options, deadline), options,
        connection.apiBaseUrl(), new ResilientCalls(vertx, options.resilience(), options.clock()));
  }

  /** A client with {@link DynatraceClientOptions#defaults()}. */
  public static DynatraceTokenApiHttp create(Vertx vertx, DynatraceConnection connection) {
    return create(vertx, connection, DynatraceClientOptions.defaults());
  }

  /**
   * {@inheritDoc}
   *
   * <p>In a "Phase 3" environment the failure is a 400 with
   * {@link DynatraceException#classicCreationRetired()} set.
   */
  @Override
  public Future<MintedToken> create(TokenCreateRequest request) {
    String what = "POST /apiTokens";
    return calls.run(what, false, () -> http.send(HttpMethod.POST, base + "/apiTokens",
        ApiTokenJson.createBody(request), what).compose(r -> r.statusCode() == 400
            ? Future.failedFuture(DynatraceErrors.fromClassicCreate(what, r, options.clock()))
            : expect(what, 201, x -> ApiTokenJson.minted(x.bodyAsJsonObject())).apply(r)));
  }

  @Override
  public Future<DeleteOutcome> delete(String tokenId) {
    String id = idOf(tokenId);
    String what = "DELETE /apiTokens/" + id;
    return calls.run(what, true, () -> http.send(HttpMethod.DELETE, base + "/apiTokens/" + encode(id), null, what)
        .compose(r -> r.statusCode() == 404
            ? Future.succeededFuture(DeleteOutcome.ALREADY_GONE)
            : expect(what, 204, x -> DeleteOutcome.DELETED).apply(r)));
  }

  @Override
  public Future<ApiTokenInfo> lookup(String tokenSecret) {
    String what = "POST /apiTokens/lookup";
    return calls.run(what, true, () -> http.send(HttpMethod.POST, base + "/apiTokens/lookup",
        new JsonObject().put("token", tokenSecret), what).compose(expect(what, 200, r -> ApiTokenJson.info(r.bodyAsJsonObject()))));
  }

  @Override
  public Future<ApiTokenInfo> get(String tokenId) {
    String id = idOf(tokenId);
    String what = "GET /apiTokens/" + id;
    return calls.run(what, true, () -> http.send(HttpMethod.GET, base + "/apiTokens/" + encode(id), null, what)
        .compose(expect(what, 200, r -> ApiTokenJson.info(r.bodyAsJsonObject()))));
  }

  @Override
  public Future<List<ApiTokenInfo>> list(String apiTokenSelector) {
    String query = "?pageSize=" + LIST_PAGE_SIZE + "&fields=" + encode("+scopes,+expirationDate")
        + (apiTokenSelector == null || apiTokenSelector.isBlank() ? ""
            : "&apiTokenSelector=" + encode(apiTokenSelector));
    return page(query, new ArrayList<>());
  }

  @Override
  public Future<Integer> count() {
    String what = "GET /apiTokens";
    return calls.run(what, true, () -> http.send(HttpMethod.GET, base + "/apiTokens?pageSize=" + PROBE_PAGE_SIZE,
        null, what).compose(expect(what, 200, r -> {
          JsonObject body = r.bodyAsJsonObject();
          Object total = body.getValue("totalCount");
          if (total instanceof Number n) {
            return n.intValue();
          }
          Object items = body.getValue("apiTokens");
          return items instanceof JsonArray array ? array.size() : 0;
        })));
  }

  private Future<List<ApiTokenInfo>> page(String query, List<ApiTokenInfo> acc) {
    String what = "GET /apiTokens";
    return calls.run(what, true, () -> http.send(HttpMethod.GET, base + "/apiTokens" + query, null, what)
            .compose(expect(what, 200, HttpResponse::bodyAsJsonObject)))
        .compose(body -> {
          Object items = body.getValue("apiTokens");
          if (items instanceof JsonArray array) {
            array.stream().filter(JsonObject.class::isInstance)
                .forEach(o -> acc.add(ApiTokenJson.info((JsonObject) o)));
          }
          Object next = body.getValue("nextPageKey");
          return next == null ? Future.succeededFuture(List.copyOf(acc))
              : page("?nextPageKey=" + encode(String.valueOf(next)), acc);
        });
  }

  /** The connection's circuit breaker (health and metrics). */
  public CircuitBreaker breaker() {
    return calls.breaker();
  }

  @Override
  public Future<Void> close() {
    // Calls already on their way finish first (a replaced credential causes no failed call);
    // new calls on this client are not expected: the sidecar has switched to the new client.
    return calls.whenIdle(options.resilience().budget()).andThen(ar -> client.close());
  }

  /** {@code success} is documentation: any 2xx is accepted (see {@link Responses#expect}). */
  private <T> Function<HttpResponse<Buffer>, Future<T>> expect(String what, int success,
      Function<HttpResponse<Buffer>, T> parse) {
    return Responses.expect(what, options.clock(), parse);
  }

  private static void validate(DynatraceConnection c) {
    if (c.environmentUrl() == null || !c.environmentUrl().matches("(?i)https?://.+")) {
      throw new IllegalArgumentException("environmentUrl must be an http(s) URL");
    }
    if (c.authMode() == null) {
      throw new IllegalArgumentException("authMode is required");
    }
    switch (c.authMode()) {
      case OAUTH -> {
        if (blank(c.oauthClientId()) || blank(c.oauthClientSecret())) {
          throw new IllegalArgumentException("OAUTH mode needs an OAuth client id and client secret");
        }
      }
      case PLATFORM_TOKEN -> {
        if (blank(c.platformToken()) || !c.platformToken().startsWith(DynatraceConnection.PLATFORM_TOKEN_PREFIX)) {
          throw new IllegalArgumentException("PLATFORM_TOKEN mode needs a platform token starting with "
              + DynatraceConnection.PLATFORM_TOKEN_PREFIX);
        }
      }
      case API_TOKEN -> {
        if (blank(c.apiToken())) {
          throw new IllegalArgumentException("API_TOKEN mode needs an API token");
        }
      }
      default -> throw new IllegalArgumentException("unknown authMode " + c.authMode());
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /** Accepts an id or a full secret and returns the id, so secrets never land in URLs or messages. */
  static String idOf(String tokenIdOrSecret) {
    int first = tokenIdOrSecret.indexOf('.');
    int second = first < 0 ? -1 : tokenIdOrSecret.indexOf('.', first + 1);
    return second < 0 ? tokenIdOrSecret : tokenIdOrSecret.substring(0, second);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
