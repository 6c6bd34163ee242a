package io.dtvb.sidecar;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * Operations endpoints (no secrets): {@code /metrics} (Prometheus text), {@code /health/live}
 * (the process serves requests) and {@code /health/ready} (every known Dynatrace connection's last
 * call worked). Mounted on the mTLS API listener and, for scrapers without a client certificate,
 * on the optional plain ops listener.
 */
final class OpsRoutes {
  private final ConnectionService connections;
  private final SidecarMetrics metrics;

  OpsRoutes(ConnectionService connections, SidecarMetrics metrics) {
    this.connections = connections;
    this.metrics = metrics;
  }

  void mount(Router r) {
    // route table
    r.get("/metrics").handler(ctx -> ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
        .end(metrics.scrape()));
    r.get("/health/live").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "live")));
    r.get("/health/ready").handler(ctx -> {
      JsonObject ready = metrics.readiness(connections.ids());
      json(ctx, "ready".equals(ready.getString("status")) ? 200 : 503, ready);
    });
  }

  private static void json(io.vertx.ext.web.RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }
}
