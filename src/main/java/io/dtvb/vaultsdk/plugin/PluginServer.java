package io.dtvb.vaultsdk.plugin;

import io.dtvb.vaultsdk.framework.Backend;
import io.dtvb.vaultsdk.framework.BackendConfig;
import io.dtvb.vaultsdk.framework.BackendFactory;
import io.dtvb.vaultsdk.framework.Log;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;
import java.io.PrintStream;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs a backend as a Vault external plugin (go-plugin protocol 5): checks the magic cookie,
 * serves gRPC over AutoMTLS on loopback, prints the handshake line, and lives until Vault stops it.
 */
public final class PluginServer {
  /** The magic cookie Vault sets for backend plugins. */
  public static final String COOKIE_KEY = "VAULT_BACKEND_PLUGIN";
  public static final String COOKIE_VALUE = "6669da05-b1c8-4f49-97d9-c8e5bed98e20";
  static final int APP_PROTOCOL = 5;
  /** How long a shutdown waits for connections to close (Vault SIGKILLs after 2 s anyway). */
  static final int CLOSE_WAIT_SECONDS = 1;
  /** How often the plugin checks that the server that started it is still its parent. */
  static final long PARENT_CHECK_MS = 1000;

  private static final Log LOG = Log.named("plugin");

  private PluginServer() {}

  /**
   * Serves until shutdown and returns the process exit code. The factory receives the process's
   * one Vert.x instance; {@code version} is reported as-is and must be "" or "vX.Y.Z".
   */
  public static int serve(
      Function<Vertx, BackendFactory> factory, String version, Map<String, String> env) {
    PrintStream handshakeOut = System.out;
    System.setOut(System.err); // nothing but the handshake may ever reach stdout
    return serve(factory, version, env, handshakeOut, () -> {});
  }

  /**
   * {@link #serve(Function, String, Map)} with the handshake line written to {@code handshakeOut};
   * {@code started} runs once the start is over (handshake line, first log line, parent watch), so
   * that the class-data training can tell what a start loads from what the first requests load.
   */
  static int serve(Function<Vertx, BackendFactory> factory, String version, Map<String, String> env,
      PrintStream handshakeOut, Runnable started) {
    // Netty's adaptive buffer allocator would register JFR events: ~80 JDK classes for a recorder
    // nobody runs. An operator's own -D setting wins.
    System.getProperties().putIfAbsent("io.netty.jfr.enabled", "false");
    if (!COOKIE_VALUE.equals(env.get(COOKIE_KEY))) {
      System.err.println("This binary is a plugin. These are not meant to be executed directly."
          + " Please execute the program that consumes these plugins, which will load any plugins"
          + " automatically.");
      return 1;
    }
    String versions = env.getOrDefault("PLUGIN_PROTOCOL_VERSIONS", "");
    if (Arrays.stream(versions.split(",")).map(String::trim).noneMatch(v -> v.equals("5"))) {
      LOG.error("unsupported plugin protocol versions offered; this plugin speaks 5", "offered", versions);
      return 1;
    }
    String vaultCert = env.get("PLUGIN_CLIENT_CERT");
    if (vaultCert == null || vaultCert.isBlank()) {
      LOG.error("PLUGIN_CLIENT_CERT is not set: this plugin requires go-plugin AutoMTLS");
      return 1;
    }
    ignoreInterrupt();
    try {
      return run(factory, version, vaultCert, handshakeOut, started);
    } catch (Exception e) {
      LOG.error("plugin failed to start", "error", e.getMessage());
      return 1;
    }
  }

  private static int run(Function<Vertx, BackendFactory> factory, String version, String vaultCert,
      PrintStream out, Runnable started) throws Exception {
    // Two halves of the start on two cores: this thread starts Netty and Vert.x, the other makes
    // the key pair and certificate and initializes the generated gRPC classes (protobuf builds its
    // descriptors then). Nothing on this thread touches protobuf before the join, so neither
    // thread ever waits for a class the other is initializing.
    CompletableFuture<AutoMtls> identity = CompletableFuture.supplyAsync(() -> {
      try {
        AutoMtls own = AutoMtls.create(vaultCert);
        GoPluginServices.initializeServiceClasses();
        return own;
      } catch (GeneralSecurityException e) {
        throw new CompletionException(e);
      }
    });
    Vertx vertx = Vertx.vertx(vertxOptions());
    CountDownLatch stopped = new CountDownLatch(1);
    Broker broker = new Broker(vertx);
    GrpcServer grpc = GrpcServer.server(vertx, new GrpcServerOptions().setMaxMessageSize(Integer.MAX_VALUE));
    AutoMtls mtls = identity.join();
    GoPluginServices.bind(grpc, broker, version, true, stopped::countDown);
    new BackendServer(vertx, mtls, broker, onFirstSetup(() -> factory.apply(vertx))).bind(grpc);
    HttpServer http = vertx.createHttpServer(mtls.serverOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(grpc).connectionHandler(FlushConsolidation::install);
    int port = http.listen().toCompletionStage().toCompletableFuture().get().actualPort();
    out.println(handshake(port, mtls));
    out.flush();
    LOG.info("plugin serving", "address", "127.0.0.1:" + port, "version", version);
    exitWithParent(vertx, stopped::countDown);
    started.run();
    stopped.await();
    LOG.info("plugin shutting down");
    try {
      // Bounded: a server that died leaves its connections half open, and closing them gracefully
      // would wait for a peer that is gone.
      vertx.close().toCompletionStage().toCompletableFuture().get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      LOG.warn("connections did not close within " + CLOSE_WAIT_SECONDS + "s; exiting anyway");
    }
    return 0;
  }

  /**
   * Stops the plugin when the process that started it (Vault, or the launcher's parent) is gone:
   * a server that crashed or was SIGKILLed sends no Shutdown, and an orphaned plugin would keep
   * its memory and its sidecar connections forever. "Gone" is "no longer our parent": checked
   * once a second, it also holds while the dead server is a zombie nobody has reaped yet.
   */
  static void exitWithParent(Vertx vertx, Runnable stop) {
    long server = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
    if (server <= 1) {
      return; // started by init or a container runtime: there is no server to outlive
    }
    vertx.setPeriodic(PARENT_CHECK_MS, id -> {
      long now = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
      if (now != server) {
        vertx.cancelTimer(id);
        LOG.warn("the server that started the plugin is gone; shutting down", "server_pid", server);
        stop.run();
      }
    });
  }

  /**
   * Sized for a process that mostly waits: Vault holds one HTTP/2 connection to the plugin, and the
   * broker and sidecar connections share the second loop (Vert.x's default is two per core). No file
   * cache: the plugin serves no files, and its working directory is Vault's.
   */
  static VertxOptions vertxOptions() {
    return new VertxOptions()
        .setEventLoopPoolSize(2)
        .setFileSystemOptions(new FileSystemOptions().setClassPathResolvingEnabled(false).setFileCachingEnabled(false));
  }

  /**
   * Builds the backend when Vault first calls Setup, so none of the engine (nor the JSON and HTTP
   * client stacks behind it) is loaded before the handshake; later Setups reuse it.
   */
  static BackendFactory onFirstSetup(Supplier<BackendFactory> make) {
    return new BackendFactory() {
      private BackendFactory made;

      @Override
      public Backend create(BackendConfig config) throws Exception {
        return made().create(config);
      }

      private synchronized BackendFactory made() {
        if (made == null) {
          made = make.get();
        }
        return made;
      }
    };
  }

  static String handshake(int port, AutoMtls mtls) {
    return "1|" + APP_PROTOCOL + "|tcp|127.0.0.1:" + port + "|grpc|" + mtls.handshakeCert();
  }

  /** go-plugin servers ignore SIGINT so Ctrl-C on a foreground Vault does not kill plugins first. */
  @SuppressWarnings("restriction")
  private static void ignoreInterrupt() {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("INT"), sun.misc.SignalHandler.SIG_IGN);
    } catch (IllegalArgumentException e) {
      LOG.debug("cannot ignore SIGINT", "error", e.getMessage());
    }
  }
}
