package io.dtvb.vaultsdk.plugin;

import io.dtvb.certs.IssuedCertificate;
import io.dtvb.certs.Pem;
import io.dtvb.certs.SelfSignedCertificate;
import io.dtvb.vaultsdk.framework.BackendFactory;
import io.dtvb.vaultsdk.framework.Log;
import io.dtvb.vaultsdk.plugin.proto.goplugin.ConnInfo;
import io.dtvb.vaultsdk.plugin.proto.goplugin.GRPCBrokerGrpcClient;
import io.dtvb.vaultsdk.plugin.proto.goplugin.GRPCControllerGrpcClient;
import io.dtvb.vaultsdk.plugin.proto.health.HealthCheckRequest;
import io.dtvb.vaultsdk.plugin.proto.health.HealthGrpcClient;
import io.dtvb.vaultsdk.plugin.proto.logical.PluginVersionGrpcClient;
import io.dtvb.vaultsdk.plugin.proto.multiplexing.MultiplexingSupportRequest;
import io.dtvb.vaultsdk.plugin.proto.multiplexing.PluginMultiplexingGrpcClient;
import io.dtvb.vaultsdk.plugin.proto.pb.BackendGrpcClient;
import io.dtvb.vaultsdk.plugin.proto.pb.Empty;
import io.dtvb.vaultsdk.plugin.proto.pb.HandleExistenceCheckArgs;
import io.dtvb.vaultsdk.plugin.proto.pb.HandleRequestArgs;
import io.dtvb.vaultsdk.plugin.proto.pb.InitializeArgs;
import io.dtvb.vaultsdk.plugin.proto.pb.Request;
import io.dtvb.vaultsdk.plugin.proto.pb.SetupArgs;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.streams.WriteStream;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientOptions;
import io.vertx.grpc.server.GrpcServer;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The training run behind the plugin's class-data archive: serves the plugin in this process and
 * plays Vault against it once — handshake, AutoMTLS, broker, Setup, a few requests, Cleanup,
 * Shutdown — so that an archive the JVM dumps at exit holds what a real start and its first
 * requests load. scripts/install-plugin.sh runs it through the launcher; it talks to nothing but
 * itself (loopback and a socket in a private temporary directory). Between the plugin's start and
 * Vault's first call it loads {@link StartMark}, which splits the run's class list in two.
 */
public final class ClassDataTraining {
  private static final Log LOG = Log.named("training");
  private static final Duration STEP = Duration.ofSeconds(60);
  private static final int BROKER_ID = 1;

  private ClassDataTraining() {}

  /** Runs the training; 0 when every step got its answer. */
  public static int run(Function<Vertx, BackendFactory> factory, String version) throws Exception {
    IssuedCertificate vaultIdentity = SelfSignedCertificate.generate();
    CompletableFuture<String> handshake = new CompletableFuture<>();
    PrintStream handshakeOut = new PrintStream(OutputStream.nullOutputStream()) {
      @Override
      public void println(String line) {
        handshake.complete(line);
      }
    };
    Map<String, String> env = Map.of(PluginServer.COOKIE_KEY, PluginServer.COOKIE_VALUE,
        "PLUGIN_PROTOCOL_VERSIONS", "5", "PLUGIN_CLIENT_CERT", vaultIdentity.certificatePem());
    CompletableFuture<String> started = new CompletableFuture<>();
    CompletableFuture<Integer> served = CompletableFuture.supplyAsync(
        () -> PluginServer.serve(factory, version, env, handshakeOut, () -> started.complete("started")),
        runnable -> new Thread(runnable, "plugin").start());
    String[] fields = handshake.applyToEither(served.thenApply(code -> "plugin exited with " + code), s -> s)
        .get(STEP.toSeconds(), TimeUnit.SECONDS).split("\\|");
    if (fields.length < 6) {
      throw new IllegalStateException("no handshake: " + String.join("|", fields));
    }
    started.applyToEither(served.thenApply(code -> "plugin exited with " + code), s -> s)
        .get(STEP.toSeconds(), TimeUnit.SECONDS);
    StartMark.reached();
    Vertx vault = Vertx.vertx();
    Path dir = Files.createTempDirectory("dvb-training");
    try {
      AutoMtls mtls = AutoMtls.of(vaultIdentity, Pem.encode(pluginCertificate(fields[5])));
      int colon = fields[3].lastIndexOf(':');
      SocketAddress plugin = SocketAddress.inetSocketAddress(
          Integer.parseInt(fields[3].substring(colon + 1)), fields[3].substring(0, colon));
      GrpcClient client = GrpcClient.client(vault, new GrpcClientOptions(), mtls.clientOptions());
      serveBroker(vault, mtls, dir.resolve("broker.sock"));
      playVault(client, plugin, dir.resolve("broker.sock"));
      int code = served.get(STEP.toSeconds(), TimeUnit.SECONDS);
      LOG.info("class-data training run done", "plugin_exit", code);
      return code;
    } finally {
      vault.close().toCompletionStage().toCompletableFuture().get(STEP.toSeconds(), TimeUnit.SECONDS);
      Files.deleteIfExists(dir.resolve("broker.sock"));
      Files.deleteIfExists(dir);
    }
  }

  /** Vault's side of the broker: storage and system view on a unix socket, as Vault serves them. */
  private static void serveBroker(Vertx vault, AutoMtls mtls, Path socket) {
    GrpcServer grpc = GrpcServer.server(vault);
    new TrainingVault().bind(grpc);
    await(vault.createHttpServer(mtls.serverOptions()).requestHandler(grpc)
        .listen(SocketAddress.domainSocketAddress(socket.toString())));
  }

  /** The calls Vault makes at registration, mount and first use, in Vault's order. */
  private static void playVault(GrpcClient client, SocketAddress plugin, Path brokerSocket) {
    await(HealthGrpcClient.create(client, plugin).check(HealthCheckRequest.newBuilder().setService("plugin").build()));
    await(PluginMultiplexingGrpcClient.create(client, plugin)
        .multiplexingSupport(MultiplexingSupportRequest.getDefaultInstance()));
    Promise<WriteStream<ConnInfo>> broker = Promise.promise();
    GRPCBrokerGrpcClient.create(client, plugin).startStream(broker);
    await(broker.future().compose(stream -> stream.write(ConnInfo.newBuilder().setServiceId(BROKER_ID)
        .setNetwork("unix").setAddress(brokerSocket.toString()).build())));
    BackendGrpcClient backend = BackendGrpcClient.create(client, plugin);
    String setupError = await(backend.setup(SetupArgs.newBuilder().setBrokerId(BROKER_ID)
        .putConfig("plugin_name", "dynatrace").putConfig("plugin_type", "secret")
        .setBackendUUID(UUID.randomUUID().toString()).build())).getErr();
    if (!setupError.isEmpty()) {
      throw new IllegalStateException("Setup failed: " + setupError);
    }
    await(backend.type(Empty.getDefaultInstance()));
    await(backend.specialPaths(Empty.getDefaultInstance()));
    await(backend.initialize(InitializeArgs.getDefaultInstance()));
    await(PluginVersionGrpcClient.create(client, plugin)
        .version(io.dtvb.vaultsdk.plugin.proto.logical.Empty.getDefaultInstance()));
    // Answers may be errors (there is no Dynatrace here); what counts is that each path ran.
    await(backend.handleExistenceCheck(HandleExistenceCheckArgs.newBuilder()
        .setRequest(request("create", "roles/training", "{\"scopes\":\"metrics.read\",\"ttl\":\"15m\"}")).build()));
    for (Request r : new Request[] {
        request("help", "", "{}"),
        request("read", "config", "{}"),
        request("create", "roles/training", "{\"scopes\":\"metrics.read\",\"ttl\":\"15m\"}"),
        request("read", "roles/training", "{}"),
        request("list", "roles/", "{}"),
        request("delete", "roles/training", "{}")}) {
      await(backend.handleRequest(HandleRequestArgs.newBuilder().setRequest(r).build()));
    }
    await(backend.cleanup(Empty.getDefaultInstance()));
    await(GRPCControllerGrpcClient.create(client, plugin)
        .shutdown(io.dtvb.vaultsdk.plugin.proto.goplugin.Empty.getDefaultInstance()));
  }

  private static Request request(String operation, String path, String json) {
    return Request.newBuilder().setId(UUID.randomUUID().toString()).setOperation(operation).setPath(path)
        .setData(json).setMountPoint("dynatrace/").setMountType("dynatrace").setDisplayName("training").build();
  }

  /**
   * Loaded when the plugin's start is over and before Vault's first call: in a class list the
   * JVM writes of this run (-XX:DumpLoadedClassList, in load order), the classes above this one's
   * line are what a start loads. The launcher archives those apart from the rest (JDK 17-24: a
   * static base archive under the dynamic one), so that a start touches only their pages.
   */
  static final class StartMark {
    /** The class name as the class list spells it. */
    static final String CLASS_LIST_LINE = "io/dtvb/vaultsdk/plugin/ClassDataTraining$StartMark";

    private StartMark() {}

    static void reached() {
      LOG.debug("class-data training: start done");
    }
  }

  private static X509Certificate pluginCertificate(String rawBase64Der) throws Exception {
    return (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(rawBase64Der)));
  }

  private static <T> T await(Future<T> future) {
    return Blocking.await(future, STEP);
  }
}
