package io.dtvb.dynatrace;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * Authenticated transport to the token API: adds the Authorization header, enforces the connect and
 * per-call timeouts, and on a 401 with a refreshable credential fetches a fresh one and retries once.
 * Headers and bodies are never logged.
 */
final class DynatraceHttp {
  private final WebClient client;
  private final DynatraceAuth auth;
  private final DynatraceClientOptions options;
  private final CallDeadline deadline;

  /**
   * The HTTP client of one connection: kept-alive connections up to the number of calls
   * {@link ResilientCalls} lets run at once (Vert.x's default pool of 5 queued the rest), no
   * redirects followed (a credential must not follow one).
   */
  static WebClient newClient(Vertx vertx, DynatraceClientOptions options) {
    return WebClient.create(vertx, new WebClientOptions()
        .setConnectTimeout((int) options.connectTimeout().toMillis())
        .setUserAgent("dynatrace-vault-bridge")
        .setFollowRedirects(false), new PoolOptions().setHttp1MaxSize(options.resilience().maxConcurrent()));
  }

  DynatraceHttp(WebClient client, DynatraceAuth auth, DynatraceClientOptions options, CallDeadline deadline) {
    this.client = client;
    this.auth = auth;
    this.options = options;
    this.deadline = deadline;
  }

  /**
   * Sends one call; completes with any HTTP response (status checks are the caller's), or fails with a
   * retryable {@link DynatraceException} when no response arrived. {@code what} names the call in
   * messages and must not contain secrets.
   */
  Future<HttpResponse<Buffer>> send(HttpMethod method, String url, JsonObject body, String what) {
    return auth.authorization().compose(header -> attempt(method, url, body, what, header)
        .compose(response -> {
          if (response.statusCode() != 401 || !auth.refreshable()) {
            return Future.succeededFuture(response);
          }
          auth.invalidate(header);
          return auth.authorization().compose(fresh -> attempt(method, url, body, what, fresh));
        }));
  }

  private Future<HttpResponse<Buffer>> attempt(HttpMethod method, String url, JsonObject body, String what,
      String authorization) {
    HttpRequest<Buffer> request = client.requestAbs(method, url)
        .putHeader("Authorization", authorization)
        .putHeader("Accept", "application/json")
        .connectTimeout(options.connectTimeout().toMillis())
        .idleTimeout(options.requestTimeout().toMillis());
    Future<HttpResponse<Buffer>> sent = body == null ? request.send() : request.sendJsonObject(body);
    return deadline.apply(sent).recover(t -> Future.failedFuture(t instanceof DynatraceException
        ? t : DynatraceErrors.noResponse(what, t, options.requestTimeout())));
  }
}
