package io.dtvb.sidecar;

import io.dtvb.dynatrace.DynatraceConnection;
import io.dtvb.dynatrace.DynatraceTokenApi;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.util.function.Function;

/**
 * The sidecar: an HTTPS server that requires a client certificate signed by the given CA, serving
 * the plugin's JSON API over the Dynatrace clients it holds in memory.
 */
public final class SidecarApp extends VerticleBase {

  /**
   * Where to listen and which certificate files to use; {@code opsPort} ≥ 0 also serves /metrics
   * and /health/* over plain HTTP on {@code opsHost} (for scrapers without a client certificate).
   */
  public record Options(String host, int port, String certFile, String keyFile, String clientCaFile,
      String opsHost, int opsPort) {

    /** Options without the plain ops listener. */
    public Options(String host, int port, String certFile, String keyFile, String clientCaFile) {
      this(host, port, certFile, keyFile, clientCaFile, null, -1);
    }
  }

  private final Options options;
  private final Function<DynatraceConnection, DynatraceTokenApi> clients;
  private final LeaseEvents events;
  private HttpServer server;
  private HttpServer opsServer;
  private final SidecarMetrics metrics = new SidecarMetrics();

  private final io.dtvb.leaselog.LeaseLog leaseLog;

  public SidecarApp(Options options, Function<DynatraceConnection, DynatraceTokenApi> clients, LeaseEvents events) {
    this(options, clients, events, null);
  }

  /** A sidecar whose lease-log reads serve {@code leaseLog} (null: off); {@code events} should append to it. */
  public SidecarApp(Options options, Function<DynatraceConnection, DynatraceTokenApi> clients, LeaseEvents events,
      io.dtvb.leaselog.LeaseLog leaseLog) {
    this.options = options;
    this.clients = clients;
    this.events = events;
    this.leaseLog = leaseLog;
  }

  @Override
  public Future<?> start() {
    ConnectionService connections = new ConnectionService(clients);
    if (events instanceof LeaseLogEvents logged) {
      metrics.leaseLogFailing(logged::failing);
    }
    LeaseEvents counted = (event, fields) -> {
      metrics.event(event);
      return events.record(event, fields);
    };
    SidecarRoutes routes = new SidecarRoutes(connections, new TokenService(connections, counted), metrics, leaseLog);
    HttpServerOptions http = new HttpServerOptions()
        .setHost(options.host()).setPort(options.port())
        .setSsl(true)
        .setClientAuth(ClientAuth.REQUIRED)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(options.certFile()).setKeyPath(options.keyFile()))
        .setTrustOptions(new PemTrustOptions().addCertPath(options.clientCaFile()));
    Future<HttpServer> api = vertx.createHttpServer(http).requestHandler(routes.router(vertx)).listen()
        .onSuccess(s -> server = s);
    if (options.opsPort() < 0) {
      return api;
    }
    io.vertx.ext.web.Router ops = io.vertx.ext.web.Router.router(vertx);
    new OpsRoutes(connections, metrics).mount(ops);
    return api.compose(s -> vertx.createHttpServer().requestHandler(ops)
        .listen(options.opsPort(), options.opsHost()).onSuccess(o -> opsServer = o));
  }

  /** The metrics registry (the Dynatrace clients add their own meters to it). */
  public SidecarMetrics metrics() {
    return metrics;
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
