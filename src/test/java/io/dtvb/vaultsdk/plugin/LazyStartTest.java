package io.dtvb.vaultsdk.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.certs.IssuedCertificate;
import io.dtvb.certs.Pem;
import io.dtvb.certs.SelfSignedCertificate;
import io.dtvb.vaultsdk.plugin.proto.health.HealthCheckRequest;
import io.dtvb.vaultsdk.plugin.proto.health.HealthCheckResponse;
import io.dtvb.vaultsdk.plugin.proto.health.HealthGrpcClient;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientOptions;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The plugin answers Vault before any of the engine is loaded: started as Vault starts it, with
 * the JVM's class-loading log on the same stream as the handshake, so the log's order is the
 * load order relative to the handshake line.
 */
class LazyStartTest {
  private static final Duration BOUND = Duration.ofSeconds(60);
  private final Vertx vertx = Vertx.vertx();
  private Process plugin;

  @AfterEach
  void stop() throws Exception {
    if (plugin != null) {
      plugin.destroyForcibly().waitFor(BOUND.toSeconds(), TimeUnit.SECONDS);
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(BOUND.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void theHandshakeIsServedBeforeAnyEngineClassIsLoaded() throws Exception {
    IssuedCertificate vault = SelfSignedCertificate.generate();
    ProcessBuilder launch = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xlog:disable", "-Xlog:class+load=info:stdout", "-cp", System.getProperty("java.class.path"),
        "io.dtvb.cli.Main", "plugin").redirectError(ProcessBuilder.Redirect.DISCARD);
    launch.environment().put(PluginServer.COOKIE_KEY, PluginServer.COOKIE_VALUE);
    launch.environment().put("PLUGIN_PROTOCOL_VERSIONS", "5");
    launch.environment().put("PLUGIN_CLIENT_CERT", vault.certificatePem());
    plugin = launch.start();

    List<String> loadedBefore = new ArrayList<>();
    String[] handshake = readUntilHandshake(loadedBefore).get(BOUND.toSeconds(), TimeUnit.SECONDS).split("\\|");

    assertEquals("1", handshake[0]);
    assertEquals(List.of(), loadedBefore.stream().filter(c -> c.startsWith("io.dtvb.engine.")).toList(),
        "engine classes before the handshake");
    assertEquals(List.of(), loadedBefore.stream().filter(c -> c.startsWith("org.bouncycastle.")).toList(),
        "the AutoMTLS certificate needs only the JDK");
    assertTrue(loadedBefore.contains("io.dtvb.vaultsdk.plugin.PluginServer"), "the log is the class-load log");
    assertEquals(HealthCheckResponse.ServingStatus.SERVING, health(vault, handshake).getStatus(),
        "the handshake's server answers");
  }

  /** Class names from the log until the handshake line, which completes the future; then drains. */
  private CompletableFuture<String> readUntilHandshake(List<String> classes) {
    CompletableFuture<String> handshake = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(plugin.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          int tag = line.indexOf("[class,load] ");
          if (tag >= 0 && !handshake.isDone()) {
            classes.add(line.substring(tag + 13).split(" ", 2)[0]);
          } else if (line.startsWith("1|")) {
            handshake.complete(line);
          }
        }
        handshake.completeExceptionally(new IllegalStateException("plugin exited before its handshake"));
      } catch (Exception e) {
        handshake.completeExceptionally(e);
      }
    }, "plugin-stdout");
    reader.setDaemon(true);
    reader.start();
    return handshake;
  }

  private HealthCheckResponse health(IssuedCertificate vault, String[] handshake) throws Exception {
    X509Certificate pluginCert = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(handshake[5])));
    AutoMtls mtls = AutoMtls.of(vault, Pem.encode(pluginCert));
    String[] hostPort = handshake[3].split(":");
    GrpcClient client = GrpcClient.client(vertx, new GrpcClientOptions(), mtls.clientOptions());
    return HealthGrpcClient.create(client, SocketAddress.inetSocketAddress(Integer.parseInt(hostPort[1]), hostPort[0]))
        .check(HealthCheckRequest.newBuilder().setService("plugin").build())
        .toCompletionStage().toCompletableFuture().get(BOUND.toSeconds(), TimeUnit.SECONDS);
  }
}
