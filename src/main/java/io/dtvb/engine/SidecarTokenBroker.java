package io.dtvb.engine;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@link TokenBroker} over HTTPS with mutual TLS to the sidecar (see docs/sidecar-api.md);
 * every call is bounded well inside Vault's 90 s request limit.
 */
public final class SidecarTokenBroker implements TokenBroker {
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

  private final WebClient client;
  private final String base;

  public SidecarTokenBroker(Vertx vertx, SidecarEndpoint endpoint) {
    URI uri = URI.create(endpoint.url());
    this.base = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
    WebClientOptions options = new WebClientOptions()
        .setDefaultHost(uri.getHost())
        .setDefaultPort(uri.getPort() > 0 ? uri.getPort() : 443)
        .setSsl(true)
        .setVerifyHost(true)
        .setConnectTimeout(10_000)
        .setIdleTimeout((int) CALL_TIMEOUT.toSeconds())
        .setKeyCertOptions(new PemKeyCertOptions()
            .addCertValue(Buffer.buffer(endpoint.clientCertPem()))
            .addKeyValue(Buffer.buffer(endpoint.clientKeyPem())))
        .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(endpoint.caPem())));
    this.client = WebClient.create(vertx, options);
  }

  @Override
  public void putConnection(String connectionId, ConnectionSettings s) throws UpstreamException {
    JsonObject body = new JsonObject()
        .put("environment_url", s.environmentUrl())
        .put("auth_mode", s.authMode().wireName())
        .put("api_token", s.apiToken())
        .put("oauth_client_id", s.oauthClientId())
        .put("oauth_client_secret", s.oauthClientSecret())
        .put("oauth_resource", s.oauthResource())
        .put("oauth_scope", s.oauthScope())
        .put("sso_url", s.ssoUrl())
        .put("platform_token", s.platformToken());
    call(client.put(path(connectionId, "")).timeout(CALL_TIMEOUT.toMillis()).sendJsonObject(body), 200);
  }

  @Override
  public Map<String, Object> verify(String connectionId, ConnectionSettings settings)
      throws UpstreamException {
    return call(client.post(path(connectionId, "/verify")).timeout(CALL_TIMEOUT.toMillis()).send(), 200).getMap();
  }

  @Override
  public MintedCredential mint(String connectionId, ConnectionSettings settings, MintOrder order)
      throws UpstreamException {
    JsonObject lease = new JsonObject()
        .put("mount", order.context().mount())
        .put("role", order.context().role())
        .put("entity_id", order.context().entityId())
        .put("display_name", order.context().displayName())
        .put("request_id", order.context().requestId())
        .put("metadata", new JsonObject(new java.util.TreeMap<String, Object>(order.context().metadata())));
    if (order.context().hardEnd() != null) {
      lease.put("hard_end", order.context().hardEnd().toString());
    }
    JsonObject body = new JsonObject()
        .put("name", order.name())
        .put("scopes", new JsonArray(order.scopes()))
        .put("expiration_date", order.expiration().toString())
        .put("personal_access_token", order.personalAccessToken())
        .put("lease", lease);
    JsonObject r = call(client.post(path(connectionId, "/tokens"))
        .timeout(CALL_TIMEOUT.toMillis()).sendJsonObject(body), 201);
    return new MintedCredential(r.getString("token_id"), r.getString("token"),
        Instant.parse(r.getString("expiration_date")));
  }

  @Override
  public RevokeResult revoke(String connectionId, ConnectionSettings settings, String tokenId, AuditContext audit)
      throws UpstreamException {
    JsonObject r = call(client.delete(path(connectionId, "/tokens/" + encode(tokenId)))
        .timeout(CALL_TIMEOUT.toMillis()).sendJsonObject(audit(audit)), 200);
    return "already_gone".equals(r.getString("result")) ? RevokeResult.ALREADY_GONE : RevokeResult.DELETED;
  }

  @Override
  public int revokeByName(String connectionId, ConnectionSettings settings, String tokenName, AuditContext audit)
      throws UpstreamException {
    JsonObject r = call(client.post(path(connectionId, "/tokens/revoke-by-name"))
        .timeout(CALL_TIMEOUT.toMillis()).sendJsonObject(audit(audit).put("name", tokenName)), 200);
    return r.getInteger("deleted", 0);
  }

  @Override
  public void renewed(String connectionId, ConnectionSettings settings, String tokenId, AuditContext audit)
      throws UpstreamException {
    call(client.post(path(connectionId, "/tokens/" + encode(tokenId) + "/renewed"))
        .timeout(CALL_TIMEOUT.toMillis()).sendJsonObject(audit(audit)), 200);
  }

  @Override
  public Map<String, Object> leaseLog(String what, Map<String, String> query) throws UpstreamException {
    var request = client.get(base + "/v1/lease-log/" + encode(what)).timeout(CALL_TIMEOUT.toMillis());
    query.forEach(request::addQueryParam);
    return call(request.send(), 200).getMap();
  }

  /** The body that carries an action's audit context: {lease: {...}, cause, reason}. */
  private static JsonObject audit(AuditContext a) {
    JsonObject lease = new JsonObject()
        .put("mount", a.mount()).put("role", a.role()).put("entity_id", a.entityId())
        .put("display_name", a.displayName()).put("request_id", a.requestId()).put("token_name", a.tokenName())
        .put("metadata", new JsonObject(new java.util.TreeMap<String, Object>(a.metadata())));
    if (a.hardEnd() != null) {
      lease.put("hard_end", a.hardEnd().toString());
    }
    return new JsonObject().put("lease", lease).put("cause", a.cause().name().toLowerCase(java.util.Locale.ROOT))
        .put("reason", a.reason());
  }

  @Override
  public java.util.List<UpstreamToken> listByPrefix(String connectionId, ConnectionSettings settings,
      String namePrefix) throws UpstreamException {
    JsonObject r = call(client.get(path(connectionId, "/tokens")).addQueryParam("name_prefix", namePrefix)
        .timeout(CALL_TIMEOUT.toMillis()).send(), 200);
    java.util.List<UpstreamToken> out = new java.util.ArrayList<>();
    for (Object o : r.getJsonArray("tokens", new JsonArray())) {
      if (o instanceof JsonObject t) {
        String expiry = t.getString("expiration_date");
        out.add(new UpstreamToken(t.getString("token_id"), t.getString("name"),
            expiry == null ? null : Instant.parse(expiry)));
      }
    }
    return out;
  }

  @Override
  public void close() {
    client.close();
  }

  private String path(String connectionId, String suffix) {
    return base + "/v1/connections/" + encode(connectionId) + suffix;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Waits for the answer and classifies it; the sidecar's error envelope says what went wrong. */
  private static JsonObject call(Future<HttpResponse<Buffer>> future, int expected) throws UpstreamException {
    HttpResponse<Buffer> resp = await(future);
    JsonObject body = parse(resp);
    if (resp.statusCode() == expected) {
      return body;
    }
    JsonObject err = body.getJsonObject("error", new JsonObject());
    String kind = err.getString("kind", "");
    String message = err.getString("message", "sidecar answered HTTP " + resp.statusCode());
    int upstream = err.getInteger("upstream_status", 0);
    throw switch (kind) {
      case "unknown_connection" -> UpstreamException.unknownConnection(message);
      case "rejected" -> UpstreamException.rejected(upstream, message);
      case "invalid_request", "not_found" -> UpstreamException.invalid(message);
      default -> new UpstreamException(UpstreamException.Kind.RETRYABLE, upstream, message, null);
    };
  }

  private static HttpResponse<Buffer> await(Future<HttpResponse<Buffer>> future) throws UpstreamException {
    try {
      return future.toCompletionStage().toCompletableFuture()
          .get(CALL_TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw UpstreamException.retryable("interrupted while calling the sidecar", e);
    } catch (ExecutionException e) {
      throw UpstreamException.retryable("sidecar unreachable: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw UpstreamException.retryable("sidecar did not answer within " + CALL_TIMEOUT.toSeconds() + "s", e);
    }
  }

  private static JsonObject parse(HttpResponse<Buffer> resp) {
    try {
      Buffer b = resp.body();
      return b == null || b.length() == 0 ? new JsonObject() : b.toJsonObject();
    } catch (RuntimeException e) {
      return new JsonObject();
    }
  }
}
