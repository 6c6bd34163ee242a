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

  /** Where to listen and which certificate files to use. */
  public record Options(String host, int port, String certFile, String keyFile, String clientCaFile) {}

  private final Options options;
  private final Function<DynatraceConnection, DynatraceTokenApi> clients;
  private final LeaseEvents events;
  private HttpServer server;

  public SidecarApp(Options options, Function<DynatraceConnection, DynatraceTokenApi> clients, LeaseEvents events) {
    this.options = options;
    this.clients = clients;
    this.events = events;
  }

  @Override
  public Future<?> start() {
    ConnectionService connections = new ConnectionService(clients);
    SidecarRoutes routes = new SidecarRoutes(connections, new TokenService(connections, events));
    HttpServerOptions http = new HttpServerOptions()
        .setHost(options.host()).setPort(options.port())
        .setSsl(true)
        .setClientAuth(ClientAuth.REQUIRED)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(options.certFile()).setKeyPath(options.keyFile()))
        .setTrustOptions(new PemTrustOptions().addCertPath(options.clientCaFile()));
    return vertx.createHttpServer(http).requestHandler(routes.router(vertx)).listen()
        .onSuccess(s -> server = s);
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
