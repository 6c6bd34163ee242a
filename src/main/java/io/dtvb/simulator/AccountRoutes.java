package io.dtvb.simulator;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * HTTP face of the simulated Account Management API (on the simulator's own host and port, standing
 * in for {@code https://api.dynatrace.com}). Every error, 404 for another account or path included,
 * uses the account envelope {@code {"error": true, "message": "...", "payload": null}}.
 *
 * <pre>
 *   GET    /iam/v1/accounts/:uuid/platform-tokens?searchTerm=&amp;status=&amp;page=&amp;size=   200 page   (READ)
 *   POST   /iam/v1/accounts/:uuid/platform-tokens                      200 {name, tokenId, token}   (WRITE)
 *   DELETE /iam/v1/accounts/:uuid/platform-tokens/:id                  200 empty                    (WRITE)
 *   PUT    /iam/v1/accounts/:uuid/platform-tokens/:id/expiration-date  200 empty                    (WRITE)
 *   PUT    /iam/v1/accounts/:uuid/platform-tokens/:id/status           200 empty                    (WRITE)
 *   GET    /iam/v1/accounts/:uuid/limits                               200 {items:[...]}            (READ)
 * </pre>
 *
 * READ and WRITE are the scope sets of {@link AccountAuth}.
 */
final class AccountRoutes {
  /** Path prefix of the account API. */
  static final String BASE = "/iam/v1/accounts";

  private final AccountService service;
  private final AccountAuth auth;
  private final String accountUuid;

  AccountRoutes(AccountService service, AccountAuth auth, String accountUuid) {
    this.service = service;
    this.auth = auth;
    this.accountUuid = accountUuid;
  }

  void mount(Router router) {
    String tokens = BASE + "/:uuid/platform-tokens";
    router.get(tokens).handler(ctx -> run(ctx, AccountAuth.Access.READ, c -> service.list(ctx.queryParams())));
    router.post(tokens).handler(ctx -> run(ctx, AccountAuth.Access.WRITE, c -> service.create(c, body(ctx))));
    router.delete(tokens + "/:id").handler(ctx -> run(ctx, AccountAuth.Access.WRITE, c -> {
      service.delete(ctx.pathParam("id"));
      return null;
    }));
    router.put(tokens + "/:id/expiration-date").handler(ctx -> run(ctx, AccountAuth.Access.WRITE, c -> {
      service.setExpiration(ctx.pathParam("id"), body(ctx));
      return null;
    }));
    router.put(tokens + "/:id/status").handler(ctx -> run(ctx, AccountAuth.Access.WRITE, c -> {
      service.setStatus(ctx.pathParam("id"), body(ctx));
      return null;
    }));
    router.get(BASE + "/:uuid/limits").handler(ctx -> run(ctx, AccountAuth.Access.READ, service::limits));
    router.route("/iam/*").handler(ctx -> error(ctx, AccountError.notFound("Not found.")));
    router.route("/iam/*").failureHandler(ctx -> {
      int status = ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
      error(ctx, new AccountError(status, status == 500 ? "Internal server error." : "Request failed."));
    });
  }

  /** Checks the account, authenticates, runs {@code op}; a null result is a 200 with an empty body. */
  private void run(RoutingContext ctx, AccountAuth.Access access, Function<AccountCaller, JsonObject> op) {
    try {
      if (!accountUuid.equals(ctx.pathParam("uuid"))) {
        throw AccountError.notFound("Account " + ctx.pathParam("uuid") + " not found.");
      }
      AccountCaller caller = auth.authenticate(ctx.request().getHeader("Authorization"), access);
      JsonObject answer = op.apply(caller);
      if (answer == null) {
        Responses.emptyOk(ctx);
      } else {
        Responses.json(ctx, 200, answer);
      }
    } catch (AccountError e) {
      error(ctx, e);
    }
  }

  private static JsonObject body(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      body = null;
    }
    if (body == null) {
      throw AccountError.badRequest(PlatformTokenForm.JSON_MAPPING);
    }
    return body;
  }

  static void error(RoutingContext ctx, AccountError e) {
    Responses.json(ctx, e.status(), e.toJson());
  }
}
