package io.dtvb.simulator;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** The simulator's HTTP server: fault switch first, then token API, SSO and {@code /_sim/} routes. */
final class SimulatorVerticle extends VerticleBase {
  private final DynatraceSimulator simulator;
  private final SimulatorOptions options;
  private HttpServer server;

  SimulatorVerticle(DynatraceSimulator simulator, SimulatorOptions options) {
    this.simulator = simulator;
    this.options = options;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    if (options.logRequests()) {
      router.route().handler(this::logRequest);
    }
    // The body is read before any fault applies, as a real server has the request before it
    // works on it; route-level body handlers then see it already read.
    router.route().handler(io.vertx.ext.web.handler.BodyHandler.create(false).setBodyLimit(ApiTokenRoutes.BODY_LIMIT));
    router.route().handler(new FaultHandler(vertx, simulator.faults(), simulator.counters(), simulator.clock()));
    simulator.mountRoutes(router);
    router.route().last().handler(ctx -> Responses.error(ctx, ApiError.notFound()));
    router.route().failureHandler(ctx -> {
      int status = ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
      Responses.error(ctx, new ApiError(status, status == 500 ? "Internal server error." : "Request failed."));
    });
    server = vertx.createHttpServer();
    return server.requestHandler(router).listen(options.port(), options.host());
  }

  /** The port actually bound (useful when port 0 was requested). */
  int actualPort() {
    return server.actualPort();
  }

  private void logRequest(RoutingContext ctx) {
    String method = ctx.request().method().name();
    String path = SimLog.redact(ctx.request().path());
    ctx.addEndHandler(done -> SimLog.info("request", new JsonObject().put("method", method)
        .put("path", path).put("status", ctx.response().getStatusCode())));
    ctx.next();
  }
}
