package io.dtvb.engine;

import io.dtvb.sidecarapi.ConnectionInfo;
import io.dtvb.sidecarapi.ConnectionSettings;
import io.dtvb.sidecarapi.CredentialInfo;
import io.dtvb.sidecarapi.DeleteResult;
import io.dtvb.sidecarapi.ErrorKind;
import io.dtvb.sidecarapi.InvalidMessage;
import io.dtvb.sidecarapi.ListedToken;
import io.dtvb.sidecarapi.MintRequest;
import io.dtvb.sidecarapi.MinterRequest;
import io.dtvb.sidecarapi.MintedCredential;
import io.dtvb.sidecarapi.Redaction;
import io.dtvb.sidecarapi.RollbackRequest;
import io.dtvb.sidecarapi.RollbackResult;
import io.dtvb.sidecarapi.SidecarError;
import io.dtvb.sidecarapi.SidecarJson;
import io.dtvb.sidecarapi.SidecarPaths;
import io.dtvb.sidecarapi.TokenAction;
import io.dtvb.sidecarapi.TokenListing;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@link SidecarClient} over HTTPS with mutual TLS (docs/sidecar-api.md). Bodies are the
 * {@code sidecarapi} records in their one JSON mapping; every connection call carries the
 * settings' fingerprint, and an answer that the sidecar lacks those settings makes the call push
 * them once and try again. Every call is bounded well inside Vault's 90 s request limit.
 */
public final class HttpSidecarClient implements SidecarClient {
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
  /**
   * Kept-alive connections to the sidecar: as many as the plugin's worker threads can use at once
   * (Vert.x's default pool of 20), so parallel mints and Vault's parallel revocations never queue
   * for a connection (Vert.x's default, 5, made 8 parallel clients wait).
   */
  static final int MAX_CONNECTIONS = 20;

  private final WebClient client;
  private final String base;

  public HttpSidecarClient(Vertx vertx, SidecarEndpoint endpoint) {
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
    this.client = WebClient.create(vertx, options, new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS));
  }

  @Override
  public SidecarConnection connection(String connectionId, ConnectionSettings settings) {
    return new Bound(connectionId, settings);
  }

  @Override
  public void close() {
    client.close();
  }

  /** One connection's calls. */
  private final class Bound implements SidecarConnection {
    private final String id;
    private final ConnectionSettings settings;
    private final String fingerprint;

    Bound(String id, ConnectionSettings settings) {
      this.id = id;
      this.settings = settings;
      this.fingerprint = settings.fingerprint();
    }

    @Override
    public ConnectionInfo put() throws UpstreamException {
      return send(HttpMethod.PUT, SidecarPaths.CONNECTION, null, settings, 200, ConnectionInfo.class, false);
    }

    @Override
    public CredentialInfo verify() throws UpstreamException {
      return connectionCall(HttpMethod.POST, SidecarPaths.VERIFY, null, null, 200, CredentialInfo.class);
    }

    @Override
    public CredentialInfo verifyCandidate(ConnectionSettings candidate) throws UpstreamException {
      return send(HttpMethod.POST, SidecarPaths.VERIFY, null, candidate, 200, CredentialInfo.class, false);
    }

    @Override
    public MintedCredential mint(MintRequest request) throws UpstreamException {
      return connectionCall(HttpMethod.POST, SidecarPaths.TOKENS, null, request, 201, MintedCredential.class);
    }

    @Override
    public MintedCredential mintMinter(MinterRequest request) throws UpstreamException {
      return connectionCall(HttpMethod.POST, SidecarPaths.MINTER, null, request, 201, MintedCredential.class);
    }

    @Override
    public DeleteResult revoke(String tokenId, TokenAction action) throws UpstreamException {
      return connectionCall(HttpMethod.DELETE, SidecarPaths.TOKEN, tokenId, action, 200, DeleteResult.class);
    }

    @Override
    public DeleteResult sweep(String tokenId, TokenAction action) throws UpstreamException {
      return connectionCall(HttpMethod.POST, SidecarPaths.SWEEP, tokenId, action, 200, DeleteResult.class);
    }

    @Override
    public DeleteResult retire(String tokenId, TokenAction action) throws UpstreamException {
      return connectionCall(HttpMethod.POST, SidecarPaths.RETIRE, tokenId, action, 200, DeleteResult.class);
    }

    @Override
    public int revokeByName(RollbackRequest request) throws UpstreamException {
      return connectionCall(HttpMethod.POST, SidecarPaths.REVOKE_BY_NAME, null, request, 200,
          RollbackResult.class).deleted();
    }

    @Override
    public void renewed(String tokenId, TokenAction action) throws UpstreamException {
      connectionCall(HttpMethod.POST, SidecarPaths.RENEWED, tokenId, action, 200, Map.class);
    }

    @Override
    public List<ListedToken> listByPrefix(String namePrefix) throws UpstreamException {
      return connectionCall(HttpMethod.GET, SidecarPaths.TOKENS + "?name_prefix=" + SidecarPaths.encode(namePrefix),
          null, null, 200, TokenListing.class).tokens();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> leaseLog(String what, Map<String, String> query) throws UpstreamException {
      StringBuilder path = new StringBuilder(SidecarPaths.CONNECTION_LEASE_LOG.replace(":what", SidecarPaths.encode(what)));
      char sep = '?';
      for (Map.Entry<String, String> q : query.entrySet()) {
        path.append(sep).append(SidecarPaths.encode(q.getKey())).append('=').append(SidecarPaths.encode(q.getValue()));
        sep = '&';
      }
      return connectionCall(HttpMethod.GET, path.toString(), null, null, 200, Map.class);
    }

    @Override
    public CompletionStage<MintedCredential> mintAsync(MintRequest request) {
      return connectionCallAsync(HttpMethod.POST, SidecarPaths.TOKENS, null, request, 201, MintedCredential.class)
          .toCompletionStage();
    }

    /** A call on the live connection: pushed again once when the sidecar lacks these settings. */
    private <T> T connectionCall(HttpMethod method, String pattern, String tokenId, Object body, int expected,
        Class<T> type) throws UpstreamException {
      return await(connectionCallAsync(method, pattern, tokenId, body, expected, type), 3);
    }

    private <T> Future<T> connectionCallAsync(HttpMethod method, String pattern, String tokenId, Object body,
        int expected, Class<T> type) {
      return sendAsync(method, pattern, tokenId, body, expected, type, true).recover(e ->
          e instanceof UpstreamException u && u.kind() == UpstreamException.Kind.UNKNOWN_CONNECTION
              ? sendAsync(HttpMethod.PUT, SidecarPaths.CONNECTION, null, settings, 200, ConnectionInfo.class, false)
                  .compose(pushed -> sendAsync(method, pattern, tokenId, body, expected, type, true))
              : Future.failedFuture(e));
    }

    private <T> T send(HttpMethod method, String pattern, String tokenId, Object body, int expected, Class<T> type,
        boolean withFingerprint) throws UpstreamException {
      return await(sendAsync(method, pattern, tokenId, body, expected, type, withFingerprint), 1);
    }

    /**
     * One request; its future fails with the classified {@link UpstreamException} (a request that
     * cannot even be built, e.g. on a closed client, throws here as it always did).
     */
    private <T> Future<T> sendAsync(HttpMethod method, String pattern, String tokenId, Object body, int expected,
        Class<T> type, boolean withFingerprint) {
      HttpRequest<Buffer> request = client.request(method, base + SidecarPaths.fill(pattern, id, tokenId))
          .timeout(CALL_TIMEOUT.toMillis());
      if (withFingerprint) {
        request.putHeader(SidecarPaths.SETTINGS_FINGERPRINT_HEADER, fingerprint);
      }
      Future<HttpResponse<Buffer>> sent = body == null ? request.send()
          : request.putHeader("content-type", "application/json").sendBuffer(Buffer.buffer(SidecarJson.write(body)));
      return sent.transform(ar -> {
        if (ar.failed()) {
          return Future.failedFuture(UpstreamException.retryable("sidecar unreachable: "
              + Redaction.scrub(String.valueOf(ar.cause().getMessage()), settings.secrets()), null));
        }
        HttpResponse<Buffer> resp = ar.result();
        byte[] bytes = resp.body() == null ? new byte[0] : resp.body().getBytes();
        if (resp.statusCode() != expected) {
          return Future.failedFuture(failure(resp.statusCode(), bytes, settings));
        }
        try {
          return Future.succeededFuture(SidecarJson.mapper().readValue(bytes.length == 0 ? "{}".getBytes() : bytes,
              type));
        } catch (java.io.IOException | InvalidMessage e) {
          return Future.failedFuture(UpstreamException.retryable("the sidecar's answer is not a valid "
              + type.getSimpleName(), null));
        }
      });
    }
  }

  /** The sidecar's error envelope as the engine's classified failure. */
  static UpstreamException failure(int status, byte[] body, ConnectionSettings settings) {
    SidecarError.Detail d;
    try {
      d = SidecarJson.mapper().readValue(body, SidecarError.class).error();
    } catch (java.io.IOException | RuntimeException e) {
      d = null;
    }
    if (d == null || d.kind() == null) {
      return UpstreamException.retryable("sidecar answered HTTP " + status, null);
    }
    String message = Redaction.scrub(d.message(), settings.secrets());
    return UpstreamException.of(d.kind() == ErrorKind.STALE_CONNECTION ? ErrorKind.UNKNOWN_CONNECTION : d.kind(),
        d.upstreamStatus(), message);
  }

  /**
   * Waits for the answers of CALLS requests in a row (a re-push makes three: the call, the push,
   * the call again): each request is bounded by {@link #CALL_TIMEOUT}, this wait a little beyond.
   */
  private static <T> T await(Future<T> future, int calls) throws UpstreamException {
    Duration bound = CALL_TIMEOUT.multipliedBy(calls).plusSeconds(5);
    try {
      return future.toCompletionStage().toCompletableFuture().get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw UpstreamException.retryable("interrupted while calling the sidecar", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UpstreamException u) {
        throw u;
      }
      throw UpstreamException.retryable("sidecar call failed: " + e.getCause().getClass().getSimpleName(), null);
    } catch (TimeoutException e) {
      throw UpstreamException.retryable("sidecar did not answer within " + bound.toSeconds() + "s", null);
    }
  }
}
