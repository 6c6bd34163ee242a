package io.dtvb.sidecar;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.function.Function;

/**
 * Operations endpoints (no secrets): {@code /metrics} (Prometheus text), {@code /health/live}
 * and {@code /health/ready} (every known Dynatrace connection's last call worked and the lease log
 * records). On the plain ops listener ({@code owned} null) readiness shows counts and states only;
 * on the mTLS listener it also names the caller's own connections, with their last failure.
 */
final class OpsRoutes {
  private final SidecarMetrics metrics;
  private final ConnectionService connections;
  private final LeaseRecorder recorder;
  private final Function<RoutingContext, Set<String>> owned;

  OpsRoutes(SidecarMetrics metrics, ConnectionService connections, LeaseRecorder recorder,
      Function<RoutingContext, Set<String>> owned) {
    this.metrics = metrics;
    this.connections = connections;
    this.recorder = recorder;
    this.owned = owned;
  }

  void mount(Router r) {
    // route table
    r.get("/metrics").handler(ctx -> ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
        .end(metrics.scrape()));
    r.get("/health/live").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "live")));
    r.get("/health/ready").handler(ctx -> {
      JsonObject ready = metrics.readiness(connections.ids(), owned == null ? Set.of() : owned.apply(ctx),
          recorder.failing(), recorder.pendingCount());
      json(ctx, "ready".equals(ready.getString("status")) ? 200 : 503, ready);
    });
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }
}
