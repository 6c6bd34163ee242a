package io.dtvb.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

/**
 * Unauthenticated test controls (the simulator binds to loopback). Never returns secrets, except the
 * secret of a platform token it was just asked to create.
 *
 * <pre>
 *   GET    /_sim/state            tokens and platform tokens (no secrets), counters, active fault, simulated
 *                                 time, phase3, account_limits
 *   GET    /_sim/faults           the active fault
 *   POST   /_sim/faults           {mode, count, status, latency_ms, path_prefix, retry_after_s, hint, body}
 *   DELETE /_sim/faults           clear the fault switch (204)
 *   POST   /_sim/clock            {"advance_seconds": N} moves simulated time forward
 *   POST   /_sim/platform-tokens  {name, owner, scopes, expires_in_seconds | expiration_date} creates a
 *                                 platform token (201 {id, token, name, owner, scopes, expiration_date});
 *                                 defaults: the seeded owner, the OAuth read+write scopes, never expires
 *   POST   /_sim/phase3           {"enabled": true|false} switches Phase 3; 200 {"phase3": bool}
 *   POST   /_sim/account-limits   {per_user, per_service_user, per_account} (any subset) sets the account's
 *                                 platform-token caps; 200 {per_user, per_service_user, per_account}
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
    router.post("/_sim/platform-tokens").handler(body).handler(this::createPlatformToken);
    router.post("/_sim/phase3").handler(body).handler(this::setPhase3);
    router.post("/_sim/account-limits").handler(body).handler(this::setAccountLimits);
  }

  private void setPhase3(RoutingContext ctx) {
    Object enabled = object(ctx) == null ? null : object(ctx).getValue("enabled");
    if (!(enabled instanceof Boolean on)) {
      Responses.error(ctx, ApiError.badRequest("Expected {\"enabled\": true|false}."));
      return;
    }
    simulator.phase3(on);
    Responses.json(ctx, 200, new JsonObject().put("phase3", simulator.phase3()));
  }

  private void setAccountLimits(RoutingContext ctx) {
    JsonObject in = object(ctx);
    try {
      if (in == null) {
        throw new IllegalArgumentException();
      }
      AccountLimits now = simulator.accountLimits(limit(in, "per_user"), limit(in, "per_service_user"),
          limit(in, "per_account"));
      SimLog.info("account limits set", now.toJson());
      Responses.json(ctx, 200, now.toJson());
    } catch (IllegalArgumentException e) {
      Responses.error(ctx, ApiError.badRequest(
          "Expected {\"per_user\": n, \"per_service_user\": m, \"per_account\": k} (any subset, n >= 0)."));
    }
  }

  private static Integer limit(JsonObject in, String field) {
    Object v = in.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < 0
        || ((Number) v).longValue() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(field);
    }
    return ((Number) v).intValue();
  }

  private static JsonObject object(RoutingContext ctx) {
    try {
      return ctx.body().length() == 0 ? new JsonObject() : ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private void createPlatformToken(RoutingContext ctx) {
    JsonObject in;
    try {
      in = ctx.body().length() == 0 ? new JsonObject() : ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      in = null;
    }
    if (in == null) {
      Responses.error(ctx, ApiError.badRequest("Expected a JSON object."));
      return;
    }
    try {
      String name = text(in, "name", "simulator-platform-token");
      String owner = text(in, "owner", DynatraceSimulator.PLATFORM_TOKEN_OWNER);
      List<String> scopes = scopes(in);
      Instant expiry = expiry(in);
      IssuedToken issued = simulator.createPlatformToken(name, owner, scopes, expiry);
      SimLog.info("platform token created", new JsonObject().put("id", issued.id()).put("owner", owner));
      Responses.json(ctx, 201, new JsonObject().put("id", issued.id()).put("token", issued.token())
          .put("name", name).put("owner", owner).put("scopes", new JsonArray(scopes))
          .put("expiration_date", expiry == null ? null : ExpirationDates.format(expiry)));
    } catch (ApiError e) {
      Responses.error(ctx, e);
    }
  }

  private static String text(JsonObject in, String field, String fallback) {
    Object v = in.getValue(field);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof String s) || s.isBlank()) {
      throw ApiError.badRequest("Field '" + field + "' must be a non-empty string.");
    }
    return s;
  }

  private static List<String> scopes(JsonObject in) {
    Object v = in.getValue("scopes");
    if (v == null) {
      return List.copyOf(new TreeSet<>(AuthService.defaultOAuthScopes()));
    }
    if (!(v instanceof JsonArray array) || !array.stream().allMatch(s -> s instanceof String str && !str.isBlank())) {
      throw ApiError.badRequest("Field 'scopes' must be an array of non-empty strings.");
    }
    return array.stream().map(String.class::cast).toList();
  }

  private Instant expiry(JsonObject in) {
    Object seconds = in.getValue("expires_in_seconds");
    Object date = in.getValue("expiration_date");
    if (seconds != null && date != null) {
      throw ApiError.badRequest("Give either 'expires_in_seconds' or 'expiration_date', not both.");
    }
    if (seconds != null) {
      if (!(seconds instanceof Number n) || n.longValue() < 0) {
        throw ApiError.badRequest("Field 'expires_in_seconds' must be a number >= 0.");
      }
      return simulator.clock().now().plusSeconds(n.longValue());
    }
    if (date != null) {
      try {
        return ExpirationDates.parse(String.valueOf(date), simulator.clock().now());
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest("Field 'expiration_date': " + e.getMessage());
      }
    }
    return null;
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
