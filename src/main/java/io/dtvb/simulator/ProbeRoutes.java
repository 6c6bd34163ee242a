package io.dtvb.simulator;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Consumer;

/**
 * Three environment endpoints a minted platform token can call through the platform proxy (Bearer
 * only), so tests can see a token work and stop working. Nothing is stored.
 *
 * <pre>
 *   POST {proxy}/logs/ingest       storage:logs:write | openpipeline:logs:ingest        204
 *   POST {proxy}/metrics/ingest    storage:metrics:write | openpipeline:metrics:ingest  202 {linesOk, linesInvalid}
 *   GET  {proxy}/settings/objects  settings:objects:read                                200 {items, totalCount, pageSize}
 * </pre>
 *
 * The scope names are documented on the endpoints' pages ({@code storage:logs:write} as legacy);
 * {@code {proxy}} is {@code /platform/classic/environment-api/v2}.
 */
final class ProbeRoutes {
  private final AuthService auth;

  ProbeRoutes(AuthService auth) {
    this.auth = auth;
  }

  void mount(Router router) {
    String base = ApiFlavor.PLATFORM.basePath();
    router.post(base + "/logs/ingest").handler(ctx -> run(ctx, c -> {
      AuthService.need(c, "storage:logs:write", "openpipeline:logs:ingest");
      Responses.noContent(ctx);
    }));
    router.post(base + "/metrics/ingest").handler(ctx -> run(ctx, c -> {
      AuthService.need(c, "storage:metrics:write", "openpipeline:metrics:ingest");
      String text = ctx.body() == null || ctx.body().buffer() == null ? "" : ctx.body().asString();
      long lines = text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
      Responses.json(ctx, 202, new JsonObject().put("linesOk", lines).put("linesInvalid", 0));
    }));
    router.get(base + "/settings/objects").handler(ctx -> run(ctx, c -> {
      AuthService.need(c, "settings:objects:read");
      Responses.json(ctx, 200, new JsonObject().put("items", new io.vertx.core.json.JsonArray())
          .put("totalCount", 0).put("pageSize", 100));
    }));
  }

  private void run(RoutingContext ctx, Consumer<Caller> operation) {
    try {
      String ip = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
      operation.accept(auth.authenticate(ApiFlavor.PLATFORM, ctx.request().getHeader("Authorization"), ip));
    } catch (ApiError e) {
      Responses.error(ctx, e);
    }
  }
}
