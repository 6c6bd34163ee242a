package io.dtvb.cli;

import io.dtvb.dynatrace.DynatraceTokenApiHttp;
import io.dtvb.dynatrace.PlatformTokenApiHttp;
import io.dtvb.sidecar.DynatraceClients;
import io.dtvb.dynatrace.DynatraceClientOptions;
import io.dtvb.dynatrace.Resilience;
import io.dtvb.sidecar.SidecarApp;
import io.dtvb.sidecar.SidecarPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the sidecar that performs every Dynatrace call for the plugin. */
@Command(name = "sidecar", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
    subcommands = SidecarBindingsCommand.class,
    description = {
      "Runs the Dynatrace-facing half of the bridge: an HTTPS server with mutual TLS (a client"
          + " certificate signed by --client-ca is required) that the plugin pushes connections to and"
          + " asks to mint and delete tokens. Dynatrace credentials are held in memory only.",
      "",
      "On start it prints one JSON line on stdout ({\"url\":\"https://host:port\"}) and runs until"
          + " SIGTERM/SIGINT. Logs, including one line per upstream action, are JSON on stderr.",
      "Create certificates with: certs --out DIR (and certs --out DIR --client NAME per mount).",
      "Each connection id belongs to the client certificate that first pushed it (see docs/multi-mount.md);"
          + " change that with: sidecar bindings rebind.", ""})
public final class SidecarCommand implements Callable<Integer> {

  @Option(names = "--listen", defaultValue = "127.0.0.1:8443",
      description = "host:port to listen on; port 0 picks a free port (default: ${DEFAULT-VALUE}).")
  String listen;

  @Option(names = "--tls-cert", description = "PEM server certificate (e.g. sidecar.pem).")
  String tlsCert;

  @Option(names = "--tls-key", description = "PEM private key of the server certificate.")
  String tlsKey;

  @Option(names = "--client-ca",
      description = "PEM CA certificate that client (plugin) certificates must chain to.")
  String clientCa;

  @Option(names = "--ops-listen",
      description = "host:port for plain-HTTP /metrics and /health/live|ready (no client certificate);"
          + " off unless set. The mTLS listener serves them too.")
  String opsListen;

  @Option(names = "--data-dir", description = "Directory for the sidecar's own files: the lease log and its signing key.")
  String dataDir;

  @Option(names = "--state-dir",
      description = "Directory for the connection bindings (bindings.json, mode 0600; never a credential);"
          + " default: --data-dir. Without either, bindings last only as long as the process.")
  String stateDir;

  @Option(names = "--policy", paramLabel = "FILE",
      description = "JSON policy: allowed Dynatrace hosts, token lifetimes, mintable management scopes,"
          + " mint rate (docs/sidecar-api.md#policy). Without it: Dynatrace SaaS hosts only, tokens up to 32 days + 1 h.")
  Path policyFile;

  @Option(names = "--allow-loopback-dynatrace",
      description = "Allow Dynatrace URLs on loopback addresses (127.0.0.1, ::1, localhost), e.g. the bundled"
          + " simulator. Off by default.")
  boolean allowLoopback;

  @Option(names = "--operator-cert-fingerprint", paramLabel = "sha256:HEX",
      description = "Client certificate fingerprint that may read the whole lease log (/v1/lease-log/*);"
          + " repeatable. certs prints the fingerprint of each certificate it issues.")
  List<String> operators = new ArrayList<>();

  @Option(names = "--account-cache-seconds", paramLabel = "SECONDS", defaultValue = "60",
      description = "How long the Account Management limits and the per-owner platform-token counts are trusted"
          + " before the next mint reads them again (default ${DEFAULT-VALUE}; 1..3600).")
  int accountCacheSeconds;

  @picocli.CommandLine.Mixin
  LeaseLogOptions leaseLog = new LeaseLogOptions();

  /** A host and port parsed from {@code host:port}; IPv6 hosts may be bracketed. */
  record HostPort(String host, int port) {

    /** Parses the value of {@code option}, or answers null after printing what is wrong. */
    static HostPort parse(String option, String value) {
      int colon = value.lastIndexOf(':');
      try {
        int port = colon < 0 ? -1 : Integer.parseInt(value.substring(colon + 1));
        if (port >= 0 && port <= 65535) {
          return new HostPort(value.substring(0, colon).replaceAll("^\\[|]$", ""), port);
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      System.err.println(option + " must be host:port with a port from 0 to 65535, got " + value);
      return null;
    }
  }

  @Override
  public Integer call() throws Exception {
    if (accountCacheSeconds < 1 || accountCacheSeconds > 3600) {
      System.err.println("--account-cache-seconds must be 1..3600, got " + accountCacheSeconds);
      return 2;
    }
    HostPort api = HostPort.parse("--listen", listen);
    HostPort ops = opsListen == null ? new HostPort(null, -1) : HostPort.parse("--ops-listen", opsListen);
    if (api == null || ops == null) {
      return 2;
    }
    for (String[] o : new String[][] {{"--tls-cert", tlsCert}, {"--tls-key", tlsKey}, {"--client-ca", clientCa}}) {
      if (o[1] == null) {
        System.err.println("sidecar: missing required option " + o[0]);
        return 2;
      }
    }
    SidecarPolicy policy;
    try {
      policy = (policyFile == null ? SidecarPolicy.defaults() : SidecarPolicy.load(policyFile))
          .withLoopback(allowLoopback);
    } catch (java.io.IOException e) {
      System.err.println("sidecar: --policy: " + e.getMessage());
      return 2;
    }
    for (String f : operators) {
      if (!f.matches("sha256:[0-9a-f]{64}")) {
        System.err.println("sidecar: --operator-cert-fingerprint must be sha256: and 64 lowercase hex digits");
        return 2;
      }
    }
    String state = stateDir != null ? stateDir : dataDir;
    if (state == null) {
      System.err.println(new JsonObject().put("@level", "warn").put("@module", "sidecar")
          .put("@message", "no --state-dir or --data-dir: connection bindings live in memory only and a restart"
              + " forgets which certificate owns which connection").encode());
    }
    io.dtvb.leaselog.LeaseLog log;
    try {
      log = leaseLog.open(dataDir);
    } catch (Exception e) {
      System.err.println(new JsonObject().put("@level", "error").put("@module", "sidecar")
          .put("@message", "cannot open the lease log: " + e.getMessage()).encode());
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    SidecarApp[] self = new SidecarApp[1];
    SidecarApp app = new SidecarApp(new SidecarApp.Options(api.host(), api.port(), tlsCert, tlsKey, clientCa,
        ops.host(), ops.port(), state == null ? null : Path.of(state), policy, Set.copyOf(operators), null,
        java.time.Duration.ofSeconds(accountCacheSeconds)),
        new DynatraceClients(
            connection -> DynatraceTokenApiHttp.create(vertx, connection, DynatraceClientOptions.defaults()
                .withResilience(Resilience.defaults().withListener(self[0].metrics().clientListener()))),
            account -> PlatformTokenApiHttp.create(vertx, account, DynatraceClientOptions.defaults()
                .withResilience(Resilience.defaults().withListener(self[0].metrics().clientListener())))),
        log);
    self[0] = app;
    try {
      vertx.deployVerticle(app).await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println(new JsonObject().put("@level", "error").put("@module", "sidecar")
          .put("@message", "cannot start: " + e.getMessage()).encode());
      vertx.close();
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // shutting down anyway
      }
      stopped.countDown();
    }, "sidecar-shutdown"));
    JsonObject started = new JsonObject().put("url", app.url());
    if (app.opsUrl() != null) {
      started.put("ops_url", app.opsUrl());
    }
    System.out.println(started.encode());
    System.out.flush();
    stopped.await();
    return 0;
  }
}
