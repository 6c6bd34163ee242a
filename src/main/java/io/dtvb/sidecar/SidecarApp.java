package io.dtvb.sidecar;

import io.dtvb.certs.JdkServerTls;
import io.dtvb.dynatrace.DynatraceConnection;
import io.dtvb.dynatrace.DynatraceTokenApi;
import io.dtvb.leaselog.LeaseLog;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.function.Function;

/**
 * The sidecar: an HTTPS server that requires a client certificate signed by the given CA, serving
 * the plugin's JSON API over the Dynatrace clients it holds in memory, within the operator's policy,
 * with each connection bound to the client identity that created it.
 */
public final class SidecarApp extends VerticleBase {

  /**
   * Where to listen and which certificate files to use; {@code opsPort} ≥ 0 also serves /metrics
   * and /health/* over plain HTTP on {@code opsHost}. {@code stateDir} keeps the connection
   * bindings (null: memory only); {@code operators} are the certificate fingerprints that may read
   * the whole lease log.
   */
  public record Options(String host, int port, String certFile, String keyFile, String clientCaFile,
      String opsHost, int opsPort, Path stateDir, SidecarPolicy policy, Set<String> operators,
      Duration leaseLogRetry, Duration accountCacheTtl) {

    public Options {
      policy = policy == null ? SidecarPolicy.defaults() : policy;
      operators = operators == null ? Set.of() : Set.copyOf(operators);
      leaseLogRetry = leaseLogRetry == null ? Duration.ofSeconds(5) : leaseLogRetry;
      accountCacheTtl = accountCacheTtl == null ? PlatformTokenService.DEFAULT_CACHE_TTL : accountCacheTtl;
    }

    /** Options with the default account cache TTL. */
    public Options(String host, int port, String certFile, String keyFile, String clientCaFile, String opsHost,
        int opsPort, Path stateDir, SidecarPolicy policy, Set<String> operators, Duration leaseLogRetry) {
      this(host, port, certFile, keyFile, clientCaFile, opsHost, opsPort, stateDir, policy, operators, leaseLogRetry,
          null);
    }

    /** How long the account's limits and per-owner token counts are trusted before they are read again. */
    public Options withAccountCacheTtl(Duration ttl) {
      return new Options(host, port, certFile, keyFile, clientCaFile, opsHost, opsPort, stateDir, policy, operators,
          leaseLogRetry, ttl);
    }

    /** Options without the plain ops listener, state directory or operators, default policy. */
    public Options(String host, int port, String certFile, String keyFile, String clientCaFile) {
      this(host, port, certFile, keyFile, clientCaFile, null, -1, null, null, null, null);
    }

    public Options withStateDir(Path dir) {
      return new Options(host, port, certFile, keyFile, clientCaFile, opsHost, opsPort, dir, policy, operators,
          leaseLogRetry, accountCacheTtl);
    }

    public Options withPolicy(SidecarPolicy p) {
      return new Options(host, port, certFile, keyFile, clientCaFile, opsHost, opsPort, stateDir, p, operators,
          leaseLogRetry, accountCacheTtl);
    }

    public Options withOperators(Set<String> fingerprints) {
      return new Options(host, port, certFile, keyFile, clientCaFile, opsHost, opsPort, stateDir, policy,
          fingerprints, leaseLogRetry, accountCacheTtl);
    }

    public Options withOps(String host, int port) {
      return new Options(this.host, this.port, certFile, keyFile, clientCaFile, host, port, stateDir, policy,
          operators, leaseLogRetry, accountCacheTtl);
    }

    public Options withLeaseLogRetry(Duration every) {
      return new Options(host, port, certFile, keyFile, clientCaFile, opsHost, opsPort, stateDir, policy,
          operators, every, accountCacheTtl);
    }
  }

  private final Options options;
  private final DynatraceClients clients;
  private final LeaseLog leaseLog;
  private final SidecarMetrics metrics = new SidecarMetrics();
  private HttpServer server;
  private HttpServer opsServer;
  private LeaseRecorder recorder;

  /** A sidecar whose lease log is {@code leaseLog} (null: off, events go to stderr only). */
  public SidecarApp(Options options, DynatraceClients clients, LeaseLog leaseLog) {
    this.options = options;
    this.clients = clients;
    this.leaseLog = leaseLog;
  }

  /** A sidecar with classic clients only (no account side can be pushed). */
  public SidecarApp(Options options, Function<DynatraceConnection, DynatraceTokenApi> clients, LeaseLog leaseLog) {
    this(options, DynatraceClients.environmentOnly(clients), leaseLog);
  }

  @Override
  public Future<?> start() {
    Bindings bindings;
    try {
      bindings = Bindings.open(options.stateDir());
    } catch (IOException e) {
      return Future.failedFuture(new IOException("cannot open the bindings in " + options.stateDir() + ": "
          + e.getMessage(), e));
    }
    SidecarPolicy policy = options.policy();
    ConnectionService connections = new ConnectionService(clients, policy);
    recorder = new LeaseRecorder(vertx, leaseLog, metrics);
    TokenService tokens = new TokenService(recorder, policy, new MintRate(policy.mintRatePerSecond(),
        policy.mintBurst()), options.accountCacheTtl());
    SidecarRoutes routes = new SidecarRoutes(connections, bindings, tokens, recorder, metrics, leaseLog,
        options.operators());
    vertx.setPeriodic(options.leaseLogRetry().toMillis(), t -> recorder.retryPending());
    if (leaseLog != null) { // the token index is rebuilt from the log itself, off the event loop
      vertx.executeBlocking(() -> {
        leaseLog.buildIndex();
        return null;
      }, false).onFailure(err -> SidecarLog.log("error", "cannot index the lease log; renewal checks will retry",
          new io.vertx.core.json.JsonObject().put("error", String.valueOf(err.getMessage()))));
    }
    // JdkServerTls: Netty's own server context would load BouncyCastle's whole provider at the
    // first connection (a one-off probe), ~4 MB of class metadata the sidecar keeps for its life.
    HttpServerOptions http = new HttpServerOptions()
        .setHost(options.host()).setPort(options.port())
        .setSsl(true)
        .setSslEngineOptions(new JdkServerTls())
        .setClientAuth(ClientAuth.REQUIRED)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(options.certFile()).setKeyPath(options.keyFile()))
        .setTrustOptions(new PemTrustOptions().addCertPath(options.clientCaFile()));
    Future<HttpServer> api = vertx.createHttpServer(http).requestHandler(routes.router(vertx)).listen()
        .onSuccess(s -> server = s);
    if (options.opsPort() < 0) {
      return api;
    }
    Router ops = Router.router(vertx);
    new OpsRoutes(metrics, connections, recorder, null).mount(ops);
    return api.compose(s -> vertx.createHttpServer().requestHandler(ops)
        .listen(options.opsPort(), options.opsHost()).onSuccess(o -> opsServer = o));
  }

  /** The metrics registry (the Dynatrace clients add their own meters to it). */
  public SidecarMetrics metrics() {
    return metrics;
  }

  /** How many lease-log entries wait for their retried append. */
  public int pendingLeaseLogEntries() {
    return recorder == null ? 0 : recorder.pendingCount();
  }

  /** The plain ops listener's base URL, or null when it is off. */
  public String opsUrl() {
    return opsServer == null ? null : "http://" + options.opsHost() + ":" + opsServer.actualPort();
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return server.actualPort();
  }

  /** The base URL the plugin should use. */
  public String url() {
    String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
    return "https://" + host + ":" + port();
  }
}
