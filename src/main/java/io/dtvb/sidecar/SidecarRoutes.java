package io.dtvb.sidecar;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/** The plugin-facing JSON API (docs/sidecar-api.md); thin handlers over the services. */
public final class SidecarRoutes {
  private final ConnectionService connections;
  private final TokenService tokens;
  private final SidecarMetrics metrics;
  private final io.dtvb.leaselog.LeaseLog leaseLog;

  public SidecarRoutes(ConnectionService connections, TokenService tokens) {
    this(connections, tokens, new SidecarMetrics(), null);
  }

  /** Routes over the services; {@code leaseLog} may be null (the lease-log reads then answer 404). */
  public SidecarRoutes(ConnectionService connections, TokenService tokens, SidecarMetrics metrics,
      io.dtvb.leaselog.LeaseLog leaseLog) {
    this.connections = connections;
    this.tokens = tokens;
    this.metrics = metrics;
    this.leaseLog = leaseLog;
  }

  public Router router(Vertx vertx) {
    Router r = Router.router(vertx);
    r.route().handler(BodyHandler.create().setBodyLimit(1 << 20));
    // route table
    r.put("/v1/connections/:id").handler(ctx -> respond(ctx, 200, body(ctx).map(b -> connections.put(id(ctx), b))));
    r.delete("/v1/connections/:id").handler(this::deleteConnection);
    r.post("/v1/connections/:id/tokens").handler(ctx -> respond(ctx, 201,
        observed(ctx, "mint", body(ctx).compose(b -> tokens.mint(id(ctx), b)))));
    r.post("/v1/connections/:id/verify").handler(ctx -> respond(ctx, 200,
        observed(ctx, "verify", Future.succeededFuture().compose(v -> tokens.verify(id(ctx))))));
    r.get("/v1/connections/:id/tokens").handler(ctx -> respond(ctx, 200, observed(ctx, "list",
        Future.succeededFuture().compose(v -> tokens.listByPrefix(id(ctx), ctx.queryParams().get("name_prefix"))))));
    r.post("/v1/connections/:id/tokens/revoke-by-name").handler(ctx ->
        respond(ctx, 200, observed(ctx, "revoke_by_name", body(ctx).compose(b -> tokens.revokeByName(id(ctx), b)))));
    r.delete("/v1/connections/:id/tokens/:tokenId").handler(ctx ->
        respond(ctx, 200, observed(ctx, "delete",
            optionalBody(ctx).compose(b -> tokens.delete(id(ctx), ctx.pathParam("tokenId"), b)))));
    r.post("/v1/connections/:id/tokens/:tokenId/renewed").handler(ctx ->
        respond(ctx, 200, optionalBody(ctx).compose(b -> tokens.renewed(id(ctx), ctx.pathParam("tokenId"), b))));
    r.get("/health").handler(ctx -> respond(ctx, 200, Future.succeededFuture(
        new JsonObject().put("status", "ok").put("connections", connections.size()))));
    new OpsRoutes(connections, metrics).mount(r);
    if (leaseLog != null) {
      new LeaseLogRoutes(vertx, leaseLog).mount(r);
    } else {
      r.route("/v1/lease-log/*").handler(ctx -> fail(ctx, new ApiError(404, "not_found", 0,
          "the lease log is off on this sidecar (started with --lease-log off)")));
    }
    r.route().last().handler(ctx -> fail(ctx, ApiError.notFound(ctx.request().path())));
    return r;
  }

  private <T> Future<T> observed(RoutingContext ctx, String operation, Future<T> call) {
    return metrics.observe(operation, id(ctx), call);
  }

  private void deleteConnection(RoutingContext ctx) {
    connections.remove(id(ctx));
    metrics.forget(id(ctx));
    ctx.response().setStatusCode(204).end();
  }

  private static String id(RoutingContext ctx) {
    return ctx.pathParam("id");
  }

  /** The JSON body, or an empty object when there is none. */
  private static Future<JsonObject> optionalBody(RoutingContext ctx) {
    return ctx.body().length() <= 0 ? Future.succeededFuture(new JsonObject()) : body(ctx);
  }

  private static Future<JsonObject> body(RoutingContext ctx) {
    try {
      JsonObject b = ctx.body().asJsonObject();
      return b == null ? Future.failedFuture(ApiError.invalid("request body must be a JSON object"))
          : Future.succeededFuture(b);
    } catch (DecodeException | ClassCastException e) {
      return Future.failedFuture(ApiError.invalid("request body is not valid JSON"));
    }
  }

  private static void respond(RoutingContext ctx, int status, Future<JsonObject> result) {
    result.onSuccess(json -> ctx.response().setStatusCode(status)
            .putHeader("content-type", "application/json").end(json.encode()))
        .onFailure(err -> fail(ctx, err));
  }

  static void fail(RoutingContext ctx, Throwable err) {
    ApiError e = TokenService.classify(err);
    if (e.status >= 500) {
      SidecarLog.log("warn", "request failed", new JsonObject().put("path", ctx.request().path())
          .put("kind", e.kind).put("reason", e.getMessage()));
    }
    ctx.response().setStatusCode(e.status).putHeader("content-type", "application/json").end(e.body().encode());
  }
}
