package io.dtvb.simulator;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/** First handler on every non-{@code /_sim/} request: applies the fault switch, else passes on. */
final class FaultHandler implements Handler<RoutingContext> {
  /** Per-minute limit advertised in X-RateLimit-Limit (a nominal value; Dynatrace publishes none). */
  static final int NOMINAL_LIMIT = 50;

  private final Vertx vertx;
  private final FaultSwitch faults;
  private final SimCounters counters;
  private final SimClock clock;

  FaultHandler(Vertx vertx, FaultSwitch faults, SimCounters counters, SimClock clock) {
    this.vertx = vertx;
    this.faults = faults;
    this.counters = counters;
    this.clock = clock;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    if (path.startsWith("/_sim/") || path.equals("/_sim")) {
      ctx.next();
      return;
    }
    counters.requests.incrementAndGet();
    FaultSpec fault = faults.take(path);
    if (fault == null) {
      ctx.next();
      return;
    }
    switch (fault.mode()) {
      case RATE_LIMIT -> rateLimit(ctx, fault);
      case SERVER_ERROR -> {
        counters.serverErrors.incrementAndGet();
        Responses.error(ctx, new ApiError(fault.status(), "Internal server error (injected by the simulator)."));
      }
      // As a real server does, the request is processed even if the client went away meanwhile:
      // a create whose caller gave up (or crashed) still creates the token.
      case LATENCY -> vertx.setTimer(fault.latencyMs(), id -> ctx.next());
      case OUTAGE -> {
        counters.outages.incrementAndGet();
        ctx.request().connection().close();
      }
      default -> ctx.next();
    }
  }

  private void rateLimit(RoutingContext ctx, FaultSpec fault) {
    counters.rateLimited.incrementAndGet();
    long resetMicros = clock.now().plusSeconds(fault.retryAfterSeconds()).toEpochMilli() * 1000L;
    ctx.response()
        .putHeader("Retry-After", Integer.toString(fault.retryAfterSeconds()))
        .putHeader("X-RateLimit-Limit", Integer.toString(NOMINAL_LIMIT))
        .putHeader("X-RateLimit-Remaining", "0")
        .putHeader("X-RateLimit-Reset", Long.toString(resetMicros));
    Responses.error(ctx, new ApiError(429, "Too Many Requests"));
  }
}
