package io.dtvb.sidecar;

import io.dtvb.leaselog.LeaseLog;
import io.dtvb.sidecar.ConnectionService.Connection;
import io.dtvb.sidecarapi.ConnectionSettings;
import io.dtvb.sidecarapi.MintRequest;
import io.dtvb.sidecarapi.MinterRequest;
import io.dtvb.sidecarapi.RollbackRequest;
import io.dtvb.sidecarapi.SidecarJson;
import io.dtvb.sidecarapi.SidecarPaths;
import io.dtvb.sidecarapi.TokenAction;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The plugin-facing JSON API (docs/sidecar-api.md): thin handlers over the services. Every
 * connection call passes {@link ConnectionAccess} first (owner, known, same settings).
 */
public final class SidecarRoutes {
  static final int BODY_LIMIT = 1 << 20;
  static final String SECRETS = "dvb.secrets";

  private final ConnectionService connections;
  private final Bindings bindings;
  private final TokenService tokens;
  private final LeaseRecorder recorder;
  private final SidecarMetrics metrics;
  private final LeaseLog leaseLog;
  private final Set<String> operators;
  private final ConnectionAccess access;

  SidecarRoutes(ConnectionService connections, Bindings bindings, TokenService tokens, LeaseRecorder recorder,
      SidecarMetrics metrics, LeaseLog leaseLog, Set<String> operators) {
    this.connections = connections;
    this.bindings = bindings;
    this.tokens = tokens;
    this.recorder = recorder;
    this.metrics = metrics;
    this.leaseLog = leaseLog;
    this.operators = Set.copyOf(operators);
    this.access = new ConnectionAccess(connections, bindings, recorder, metrics);
  }

  Router router(Vertx vertx) {
    Router r = Router.router(vertx);
    r.route().handler(SidecarRoutes::refuseMultipart);
    r.route().handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
    // route table
    r.put(SidecarPaths.CONNECTION).handler(this::put);
    r.delete(SidecarPaths.CONNECTION).handler(this::delete);
    r.post(SidecarPaths.VERIFY).handler(this::verify);
    r.post(SidecarPaths.MINTER).handler(ctx -> call(ctx, "minter", 201,
        c -> tokens.mintMinter(c, read(ctx, MinterRequest.class))));
    r.post(SidecarPaths.TOKENS).handler(ctx -> call(ctx, "mint", 201,
        c -> tokens.mint(c, read(ctx, MintRequest.class))));
    r.post(SidecarPaths.REVOKE_BY_NAME).handler(ctx -> call(ctx, "revoke_by_name", 200,
        c -> tokens.revokeByName(c, read(ctx, RollbackRequest.class))));
    r.delete(SidecarPaths.TOKEN).handler(ctx -> call(ctx, "revoke", 200,
        c -> tokens.revoke(c, tokenId(ctx), action(ctx))));
    r.post(SidecarPaths.SWEEP).handler(ctx -> call(ctx, "sweep", 200,
        c -> tokens.sweep(c, tokenId(ctx), action(ctx))));
    r.post(SidecarPaths.RETIRE).handler(ctx -> call(ctx, "retire", 200,
        c -> tokens.retire(c, tokenId(ctx), action(ctx), formerMinter(c.id(), tokenId(ctx)))));
    r.post(SidecarPaths.RENEWED).handler(ctx -> call(ctx, "renewed", 200,
        c -> tokens.renewed(c, tokenId(ctx), action(ctx)).map(v -> Map.of())));
    r.get(SidecarPaths.TOKENS).handler(ctx -> call(ctx, "list", 200,
        c -> tokens.listByPrefix(c, ctx.queryParams().get("name_prefix"))));
    r.get(SidecarPaths.CONNECTION_LEASE_LOG).handler(ctx -> {
      if (leaseLog == null) {
        fail(ctx, logOff());
        return;
      }
      access(ctx, "lease_log").onSuccess(c -> new LeaseLogRoutes(vertx, leaseLog)
          .serve(ctx, ctx.pathParam("what"), c.id())).onFailure(err -> fail(ctx, err));
    });
    r.get(SidecarPaths.LEASE_LOG).handler(ctx -> {
      if (!operators.contains(String.valueOf(Caller.identity(ctx)))) {
        metrics.count("dvb_sidecar_forbidden_calls", "calls refused because the caller does not own the target");
        SidecarLog.log("warn", "whole-log read refused: caller is not an operator",
            new JsonObject().put("caller", Caller.identity(ctx)).put("path", ctx.request().path()));
        fail(ctx, ApiError.forbidden("the whole lease log is for operator identities (--operator-cert-fingerprint);"
            + " a connection reads its own part at /v1/connections/{id}/lease-log/..."));
      } else if (leaseLog == null) {
        fail(ctx, logOff());
      } else {
        new LeaseLogRoutes(vertx, leaseLog).serve(ctx, ctx.pathParam("what"), null);
      }
    });
    r.get("/health").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "ok")
        .put("connections", connections.size())));
    new OpsRoutes(metrics, connections, recorder, this::ownedBy).mount(r);
    r.route().last().handler(ctx -> fail(ctx, ApiError.notFound(ctx.request().path())));
    return r;
  }

  private static ApiError logOff() {
    return new ApiError(io.dtvb.sidecarapi.ErrorKind.NOT_FOUND, 0,
        "the lease log is off on this sidecar (started with --lease-log off)");
  }

  /** The ids of the connections bound to the caller (what its /health/ready may show). */
  private Set<String> ownedBy(RoutingContext ctx) {
    String who = Caller.identity(ctx);
    Set<String> out = new java.util.TreeSet<>();
    bindings.all().forEach((id, b) -> {
      if (b.identity().equals(who)) {
        out.add(id);
      }
    });
    return out;
  }

  private static void refuseMultipart(RoutingContext ctx) {
    String type = ctx.request().getHeader("content-type");
    if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/")) {
      ctx.response().setStatusCode(415).putHeader("content-type", "application/json")
          .end(Buffer.buffer(SidecarJson.write(io.dtvb.sidecarapi.SidecarError.of(
              io.dtvb.sidecarapi.ErrorKind.INVALID_REQUEST, "multipart bodies are not accepted; send JSON", 0))));
      return;
    }
    ctx.next();
  }

  // ---- connections

  private void put(RoutingContext ctx) {
    String id = id(ctx);
    Future.<Void>succeededFuture().compose(v -> {
      ConnectionSettings s = read(ctx, ConnectionSettings.class);
      ctx.put(SECRETS, s.secrets());
      connections.check(s); // malformed or outside the policy: refused before anything is bound
      connections.checkAccount(s);
      return owner(ctx, id, "put", true).map(v2 -> s);
    }).map(s -> {
      Connection old = connections.get(id);
      Connection c = connections.put(id, s);
      rememberFormerMinter(id, old, c);
      return ConnectionService.info(c);
    }).onSuccess(info -> send(ctx, 200, info)).onFailure(err -> fail(ctx, err));
  }

  private void delete(RoutingContext ctx) {
    String id = id(ctx);
    owner(ctx, id, "delete", false).onSuccess(v -> {
      connections.remove(id);
      metrics.forget(id);
      ctx.response().setStatusCode(204).end();
    }).onFailure(err -> fail(ctx, err));
  }

  private void verify(RoutingContext ctx) {
    if (ctx.body().length() <= 0) {
      call(ctx, "verify", 200, tokens::verify);
      return;
    }
    String id = id(ctx);
    Future.<Void>succeededFuture().compose(v -> {
      ConnectionSettings s = read(ctx, ConnectionSettings.class);
      ctx.put(SECRETS, s.secrets());
      connections.check(s);
      connections.checkAccount(s);
      return owner(ctx, id, "verify_candidate", true).map(v2 -> s);
    }).compose(s -> {
      Connection candidate = connections.candidate(id, s);
      return metrics.observe("verify_candidate", null, tokens.verify(candidate))
          .andThen(ar -> candidate.close());
    }).onSuccess(info -> send(ctx, 200, info)).onFailure(err -> fail(ctx, err));
  }

  private void rememberFormerMinter(String id, Connection old, Connection now) {
    String before = old == null ? null : minterId(old.settings());
    if (before != null && !before.equals(minterId(now.settings()))) {
      try {
        bindings.addRetirable(id, before);
      } catch (IOException e) {
        SidecarLog.log("error", "cannot remember the former minter in the bindings file",
            new JsonObject().put("connection", id).put("error", e.getMessage()));
      }
    }
  }

  /** The public id of an api_token minter ({@code dt0c01.PUBLIC}), never its secret part. */
  static String minterId(ConnectionSettings s) {
    String t = s.authMode() == ConnectionSettings.AuthMode.API_TOKEN || s.authMode() == null ? s.apiToken() : null;
    if (t == null) {
      return null;
    }
    int first = t.indexOf('.');
    int second = first < 0 ? -1 : t.indexOf('.', first + 1);
    return second < 0 ? null : t.substring(0, second);
  }

  private boolean formerMinter(String id, String tokenId) {
    Bindings.Binding b = bindings.get(id);
    return b != null && b.retirableMinters().contains(tokenId);
  }

  // ---- access

  /** A call on a live connection: owner, then known, then the same settings. */
  private <T> void call(RoutingContext ctx, String operation, int status, Function<Connection, Future<T>> action) {
    access(ctx, operation)
        .compose(c -> metrics.observe(operation, c.id(), Future.<Void>succeededFuture().compose(v -> action.apply(c))))
        .onSuccess(answer -> send(ctx, status, answer))
        .onFailure(err -> fail(ctx, err));
  }

  private Future<Connection> access(RoutingContext ctx, String operation) {
    return access.live(ctx, operation);
  }

  private Future<Void> owner(RoutingContext ctx, String id, String operation, boolean bind) {
    return access.owner(ctx, id, operation, bind);
  }

  // ---- bodies and answers

  private static <T> T read(RoutingContext ctx, Class<T> type) {
    Buffer b = ctx.body().buffer();
    return SidecarJson.read(b == null ? null : b.getBytes(), type);
  }

  private static TokenAction action(RoutingContext ctx) {
    return ctx.body().length() <= 0 ? new TokenAction(null, null) : read(ctx, TokenAction.class);
  }

  private static String id(RoutingContext ctx) {
    return ctx.pathParam("id");
  }

  private static String tokenId(RoutingContext ctx) {
    return ctx.pathParam("tokenId");
  }

  private static void send(RoutingContext ctx, int status, Object body) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(Buffer.buffer(SidecarJson.write(body)));
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }

  static void fail(RoutingContext ctx, Throwable err) {
    ApiError e = ApiError.classify(err);
    List<String> secrets = ctx.get(SECRETS, List.of());
    var body = e.body(secrets);
    if (e.status() >= 500) {
      SidecarLog.log("warn", "request failed", new JsonObject().put("path", ctx.request().path())
          .put("kind", e.kind.wire()).put("reason", body.error().message()));
    }
    if (!ctx.response().ended()) {
      send(ctx, e.status(), body);
    }
  }
}
