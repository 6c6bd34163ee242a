package io.dtvb.simulator;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.UUID;

/**
 * First handler on every non-{@code /_sim/} request: applies the fault switch, else passes on. Error
 * bodies take the shape of the path they answer: the classic {@code ErrorEnvelope} on environment
 * paths, the account envelope on {@code /iam/}, OAuth's {@code {error, error_description}} on
 * {@code /sso/} (429 only; inferred).
 */
final class FaultHandler implements Handler<RoutingContext> {
  /** Per-minute limit advertised in X-RateLimit-Limit (a nominal value; Dynatrace publishes none). */
  static final int NOMINAL_LIMIT = 50;
  /** Per-second limit advertised with {@link RateLimitHint#RESET_SECONDS} (nominal). */
  static final int NOMINAL_LIMIT_PER_SECOND = 5;
  /**
   * Text of a simulated 429. The 429 itself is documented for the classic environment API's
   * throttling; the exact text is inferred (error text is not a contract).
   */
  static final String TOO_MANY_REQUESTS = "Too many requests.";

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
      case RATE_LIMIT -> rateLimit(ctx, path, fault);
      case SERVER_ERROR -> {
        counters.serverErrors.incrementAndGet();
        String message = "Internal server error (injected by the simulator).";
        if (path.startsWith("/iam/")) {
          Responses.json(ctx, fault.status(), AccountError.body(message));
        } else {
          Responses.error(ctx, new ApiError(fault.status(), message));
        }
      }
      case BAD_REQUEST -> badRequest(ctx, fault);
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

  private void rateLimit(RoutingContext ctx, String path, FaultSpec fault) {
    counters.rateLimited.incrementAndGet();
    Instant reset = clock.now().plusSeconds(fault.retryAfterSeconds());
    long resetMicros = reset.toEpochMilli() * 1000L;
    long resetSeconds = Math.floorDiv(reset.toEpochMilli() + 999, 1000L);
    var headers = ctx.response().headers();
    switch (fault.hint()) {
      case RETRY_AFTER -> headers.set("Retry-After", Integer.toString(fault.retryAfterSeconds()))
          .set("X-RateLimit-Limit", Integer.toString(NOMINAL_LIMIT))
          .set("X-RateLimit-Remaining", "0")
          .set("X-RateLimit-Reset", Long.toString(resetMicros));
      case RESET_MICROS -> headers.set("X-RateLimit-Limit", Integer.toString(NOMINAL_LIMIT))
          .set("X-RateLimit-Reset", Long.toString(resetMicros));
      case RESET_SECONDS -> headers.set("X-RateLimit-Limit", Integer.toString(NOMINAL_LIMIT_PER_SECOND))
          .set("X-RateLimit-Reset", Long.toString(resetSeconds));
      case NONE -> { }
      default -> throw new IllegalStateException();
    }
    if (path.startsWith("/sso/")) {
      Responses.json(ctx, 429, new JsonObject().put("error", "too_many_requests")
          .put("error_description", TOO_MANY_REQUESTS));
    } else if (path.startsWith("/iam/")) {
      Responses.json(ctx, 429, AccountError.body(TOO_MANY_REQUESTS));
    } else {
      Responses.error(ctx, new ApiError(429, TOO_MANY_REQUESTS));
    }
  }

  /**
   * The three 400 body shapes a client of SSO must survive: OAuth's {@code {error, error_description}}
   * (field-reported for SSO), Dynatrace's {@code {errorCode, message, issueId}} and a bare text body
   * (both inferred: seen from Dynatrace front ends, not pinned to SSO by any source in the fact sheet).
   */
  private void badRequest(RoutingContext ctx, FaultSpec fault) {
    counters.badRequests.incrementAndGet();
    switch (fault.body()) {
      case FaultSpec.BODY_ERROR_CODE -> Responses.json(ctx, fault.status(), new JsonObject()
          .put("errorCode", fault.status()).put("message", "Bad Request")
          .put("issueId", UUID.randomUUID().toString()));
      case FaultSpec.BODY_TEXT -> {
        if (!ctx.response().closed() && !ctx.response().ended()) {
          ctx.response().setStatusCode(fault.status())
              .putHeader("Content-Type", "text/plain; charset=utf-8").end("Bad Request");
        }
      }
      default -> Responses.json(ctx, fault.status(), new JsonObject().put("error", "invalid_request")
          .put("error_description", "Bad Request (injected by the simulator)."));
    }
  }
}
