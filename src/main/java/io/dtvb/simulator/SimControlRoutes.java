package io.dtvb.simulator;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;

/**
 * Unauthenticated test controls (the simulator binds to loopback). Never returns secrets.
 *
 * <pre>
 *   GET    /_sim/state    tokens (no secrets), counters, active fault, simulated time
 *   GET    /_sim/faults   the active fault
 *   POST   /_sim/faults   {mode, count, status, latency_ms, path_prefix, retry_after_s}
 *   DELETE /_sim/faults   clear the fault switch (204)
 *   POST   /_sim/clock    {"advance_seconds": N} moves simulated time forward
 * </pre>
 */
final class SimControlRoutes {
  private final DynatraceSimulator simulator;

  SimControlRoutes(DynatraceSimulator simulator) {
    this.simulator = simulator;
  }

  void mount(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(16 * 1024);
    router.get("/_sim/state").handler(ctx -> Responses.json(ctx, 200, simulator.state()));
    router.get("/_sim/faults").handler(ctx -> Responses.json(ctx, 200, simulator.faults().current().toJson()));
    router.post("/_sim/faults").handler(body).handler(this::setFault);
    router.delete("/_sim/faults").handler(ctx -> {
      simulator.faults().clear();
      Responses.noContent(ctx);
    });
    router.post("/_sim/clock").handler(body).handler(this::advanceClock);
  }

  private void setFault(RoutingContext ctx) {
    try {
      FaultSpec spec = FaultSpec.fromJson(ctx.body().asJsonObject());
      simulator.faults().set(spec);
      SimLog.info("fault switch set", new JsonObject().put("fault", spec.toJson()));
      Responses.json(ctx, 200, simulator.faults().current().toJson());
    } catch (RuntimeException e) {
      Responses.error(ctx, ApiError.badRequest("Invalid fault: " + e.getMessage()));
    }
  }

  private void advanceClock(RoutingContext ctx) {
    try {
      long seconds = ctx.body().asJsonObject().getLong("advance_seconds");
      simulator.clock().advance(Duration.ofSeconds(seconds));
      Responses.json(ctx, 200, new JsonObject().put("now", ExpirationDates.format(simulator.clock().now())));
    } catch (RuntimeException e) {
      Responses.error(ctx, ApiError.badRequest("Expected {\"advance_seconds\": N} with N >= 0."));
    }
  }
}
