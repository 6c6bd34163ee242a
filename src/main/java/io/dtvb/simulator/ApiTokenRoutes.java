package io.dtvb.simulator;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.function.Consumer;

/**
 * HTTP face of the access-token API, mounted under every {@link ApiFlavor} base path
 * ({@code /api/v2}, {@code /platform/classic/environment-api/v2}, {@code /e/:envId/api/v2}).
 *
 * <pre>
 *   POST   {base}/apiTokens          create          201 ApiTokenCreated
 *   POST   {base}/apiTokens/lookup   lookup          200 ApiToken
 *   GET    {base}/apiTokens          list            200 ApiTokenList
 *   GET    {base}/apiTokens/:id      get             200 ApiToken
 *   PUT    {base}/apiTokens/:id      update          204
 *   DELETE {base}/apiTokens/:id      delete          204
 * </pre>
 */
final class ApiTokenRoutes {
  static final long BODY_LIMIT = 256 * 1024;

  private final TokenService tokens;
  private final AuthService auth;
  private final String environmentId;

  ApiTokenRoutes(TokenService tokens, AuthService auth, String environmentId) {
    this.tokens = tokens;
    this.auth = auth;
    this.environmentId = environmentId;
  }

  void mount(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(BODY_LIMIT);
    for (ApiFlavor f : ApiFlavor.values()) {
      String base = f.basePath() + "/apiTokens";
      router.post(base).handler(body).handler(ctx -> run(ctx, f,
          c -> Responses.json(ctx, 201, tokens.create(c, jsonBody(ctx)))));
      router.post(base + "/lookup").handler(body).handler(ctx -> run(ctx, f,
          c -> Responses.json(ctx, 200, tokens.lookup(c, jsonBody(ctx)))));
      router.get(base).handler(ctx -> run(ctx, f,
          c -> Responses.json(ctx, 200, tokens.list(c, ctx.queryParams()))));
      router.get(base + "/:id").handler(ctx -> run(ctx, f,
          c -> Responses.json(ctx, 200, tokens.get(c, ctx.pathParam("id")))));
      router.put(base + "/:id").handler(body).handler(ctx -> run(ctx, f, c -> {
        tokens.update(c, ctx.pathParam("id"), jsonBody(ctx));
        Responses.noContent(ctx);
      }));
      router.delete(base + "/:id").handler(ctx -> run(ctx, f, c -> {
        tokens.delete(c, ctx.pathParam("id"));
        Responses.noContent(ctx);
      }));
    }
  }

  private void run(RoutingContext ctx, ApiFlavor flavor, Consumer<Caller> operation) {
    try {
      if (flavor == ApiFlavor.MANAGED && !environmentId.equals(ctx.pathParam("envId"))) {
        throw ApiError.notFound();
      }
      String ip = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
      Caller caller = auth.authenticate(flavor, ctx.request().getHeader("Authorization"), ip);
      operation.accept(caller);
    } catch (ApiError e) {
      Responses.error(ctx, e);
    }
  }

  private static JsonObject jsonBody(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      throw ApiError.badRequest("Could not parse the request body as a JSON object.");
    }
    if (body == null) {
      throw ApiError.badRequest("The request body must not be empty.");
    }
    return body;
  }
}
