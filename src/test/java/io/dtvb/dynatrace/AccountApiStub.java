package io.dtvb.dynatrace;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for Dynatrace SSO and the Account Management platform-token API, answering the shapes
 * the fact sheet records for real Dynatrace (sections 1-3): a JWT bearer from a client-credentials
 * grant that must name {@code urn:dtaccount:<uuid>}, 400 with an empty description for a scope the
 * client lacks, {@code {"error":true,"message",…}} error bodies, list pages from 1 without
 * {@code userUuid}. Records every request, and answers canned responses first (any path) so tests can
 * stage faults. Token handlers live in {@link AccountApiStubTokens}.
 */
final class AccountApiStub {
  static final String ACCOUNT_UUID = "3f0c7a4e-1b2d-4c5e-8f9a-0b1c2d3e4f5a";
  static final String CLIENT_ID = "dt0s02.STUBCLNT";
  static final String CLIENT_SECRET = CLIENT_ID + ".SECRETPARTSECRETPARTSECRETPARTSECRETPARTSECRETPARTSECRETPART1234";
  /** The OAuth client's subject user: the {@code sub} of every bearer. */
  static final String SUBJECT = "8e7d6c5b-4a39-4281-9f0e-1d2c3b4a5968";
  static final String SSO_PATH = "/sso/oauth2/token";

  /** One request as it arrived. */
  record Recorded(String method, String path, MultiMap query, MultiMap headers, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }

    Map<String, List<String>> form() {
      return new QueryStringDecoder(body, StandardCharsets.UTF_8, false).parameters();
    }

    String formValue(String name) {
      List<String> v = form().get(name);
      return v == null ? null : v.get(0);
    }
  }

  /** A staged answer: status -1 closes the connection without answering. */
  record Canned(String method, String pathContains, int status, String body, Map<String, String> headers) {}

  final List<Recorded> requests = new CopyOnWriteArrayList<>();
  final AtomicInteger grants = new AtomicInteger();
  /** Scopes the OAuth client holds; asking for any other makes SSO refuse the whole grant. */
  volatile Set<String> clientScopes = Set.of("platform-token:tokens:write", "platform-token:tokens:manage",
      "account-idm-read", "account-idm-write");
  volatile long expiresIn = 300;
  /** Hand out opaque bearers instead of JWTs. */
  volatile boolean opaqueBearers;
  final AccountApiStubTokens tokens = new AccountApiStubTokens(this);
  private final Deque<Canned> canned = new ArrayDeque<>();
  /** bearer → the resource it was granted for. */
  private final Map<String, String> bearers = new ConcurrentHashMap<>();
  private HttpServer server;

  static AccountApiStub start(Vertx vertx) {
    AccountApiStub stub = new AccountApiStub();
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create());
    router.route().handler(stub::record);
    router.route().handler(stub::answerCanned);
    router.post(SSO_PATH).handler(stub::grant);
    router.route("/iam/v1/accounts/:uuid/*").handler(stub::authenticate);
    stub.tokens.mount(router, "/iam/v1/accounts/:uuid");
    router.route().last().handler(ctx -> error(ctx, 404, "Not found"));
    stub.server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    return stub;
  }

  void stop() {
    server.close().await();
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  String ssoUrl() {
    return url() + SSO_PATH;
  }

  /** The account connection with the stub's client, default scope. */
  AccountConnection connection() {
    return connection(CLIENT_SECRET, null);
  }

  AccountConnection connection(String secret, String scope) {
    return new AccountConnection(ACCOUNT_UUID, url(), CLIENT_ID, secret, scope, ssoUrl());
  }

  /** Answers the next request whose method (null = any) and path match with this, once. */
  void respond(String method, String pathContains, int status, String body, String... headerPairs) {
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    for (int i = 0; i + 1 < headerPairs.length; i += 2) {
      headers.put(headerPairs[i], headerPairs[i + 1]);
    }
    synchronized (canned) {
      canned.add(new Canned(method, pathContains, status, body, headers));
    }
  }

  /** Forgets every issued bearer: the next API call is answered 401. */
  void forgetBearers() {
    bearers.clear();
  }

  List<Recorded> requests(String method, String pathContains) {
    return requests.stream().filter(r -> (method == null || r.method().equals(method))
        && r.path().contains(pathContains)).toList();
  }

  private void record(RoutingContext ctx) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(ctx.request().headers());
    MultiMap query = MultiMap.caseInsensitiveMultiMap().addAll(ctx.queryParams());
    String body = ctx.body() == null || ctx.body().buffer() == null ? "" : ctx.body().asString();
    requests.add(new Recorded(ctx.request().method().name(), ctx.request().path(), query, headers, body));
    ctx.next();
  }

  private void answerCanned(RoutingContext ctx) {
    Canned hit = null;
    synchronized (canned) {
      for (Canned c : canned) {
        if ((c.method() == null || c.method().equals(ctx.request().method().name()))
            && ctx.request().path().contains(c.pathContains())) {
          hit = c;
          break;
        }
      }
      canned.remove(hit);
    }
    if (hit == null) {
      ctx.next();
      return;
    }
    if (hit.status() < 0) {
      ctx.request().connection().close();
      return;
    }
    hit.headers().forEach(ctx.response()::putHeader);
    ctx.response().setStatusCode(hit.status()).end(hit.body() == null ? "" : hit.body());
  }

  private void grant(RoutingContext ctx) {
    MultiMap form = ctx.request().formAttributes();
    if (!"client_credentials".equals(form.get("grant_type")) || !CLIENT_ID.equals(form.get("client_id"))
        || !CLIENT_SECRET.equals(form.get("client_secret"))) {
      ssoError(ctx, "invalid_client", "Bad client credentials");
      return;
    }
    String scope = form.get("scope") == null ? "" : form.get("scope");
    for (String s : scope.trim().split("\\s+")) {
      if (!clientScopes.contains(s)) {
        ssoError(ctx, "invalid_request", ""); // the whole request fails, with an empty description
        return;
      }
    }
    int n = grants.incrementAndGet();
    String resource = form.get("resource");
    String bearer = opaqueBearers ? "opaque-bearer-" + n : jwt(new JsonObject().put("sub", SUBJECT)
        .put("aud", CLIENT_ID).put("scope", scope).put("n", n));
    bearers.put(bearer, resource == null ? "" : resource);
    json(ctx, 200, new JsonObject().put("access_token", bearer).put("token_type", "Bearer")
        .put("expires_in", expiresIn).put("scope", scope).put("resource", resource));
  }

  private void authenticate(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    String bearer = header != null && header.startsWith("Bearer ") ? header.substring(7) : "";
    String resource = bearers.get(bearer);
    if (resource == null) {
      error(ctx, 401, "Unauthorized");
    } else if (!resource.equals("urn:dtaccount:" + ctx.pathParam("uuid"))) {
      error(ctx, 403, "Forbidden");
    } else {
      ctx.next();
    }
  }

  static String jwt(JsonObject claims) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
  }

  private static void ssoError(RoutingContext ctx, String error, String description) {
    json(ctx, 400, new JsonObject().put("error", error).put("error_description", description));
  }

  /** The Account Management error envelope. */
  static void error(RoutingContext ctx, int status, String message) {
    json(ctx, status, new JsonObject().put("error", true).put("message", message).putNull("payload"));
  }

  static void json(RoutingContext ctx, int status, Object body) {
    String text = body instanceof JsonArray a ? a.encode() : ((JsonObject) body).encode();
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(text);
  }
}
