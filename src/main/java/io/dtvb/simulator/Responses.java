package io.dtvb.simulator;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes JSON answers the way Dynatrace does (application/json; charset=utf-8). */
final class Responses {
  private Responses() {}

  static void json(RoutingContext ctx, int status, JsonObject body) {
    if (ctx.response().closed() || ctx.response().ended()) {
      return; // the client went away (e.g. during injected latency); the work is done, the answer lost
    }
    ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .end(body.encode());
  }

  static void noContent(RoutingContext ctx) {
    if (ctx.response().closed() || ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(204).end();
  }

  /** 200 with an empty body (the Account Management API's answer to delete and edits). */
  static void emptyOk(RoutingContext ctx) {
    if (ctx.response().closed() || ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(200).end();
  }

  static void error(RoutingContext ctx, ApiError error) {
    json(ctx, error.status(), error.toJson());
  }
}
