package io.dtvb.simulator;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * HTTP face of the simulated SSO token endpoint.
 *
 * <pre>
 *   POST /sso/oauth2/token   form: grant_type=client_credentials, client_id, client_secret, scope, resource
 *                            200 {access_token, token_type, expires_in, scope, resource} | 400 OAuth error
 * </pre>
 */
final class SsoRoutes {
  /** Path of the token endpoint (same as https://sso.dynatrace.com/sso/oauth2/token). */
  static final String TOKEN_PATH = "/sso/oauth2/token";

  private final SsoService sso;

  SsoRoutes(SsoService sso) {
    this.sso = sso;
  }

  void mount(Router router) {
    router.post(TOKEN_PATH).handler(BodyHandler.create(false).setBodyLimit(64 * 1024)).handler(this::token);
  }

  private void token(RoutingContext ctx) {
    ctx.response().putHeader("Cache-Control", "no-store");
    try {
      Responses.json(ctx, 200, sso.grant(ctx.request().formAttributes()));
    } catch (SsoService.OAuthError e) {
      Responses.json(ctx, 400, e.toJson());
    }
  }
}
