package io.dtvb.vaultsdk.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.certs.IssuedCertificate;
import io.dtvb.certs.Pem;
import io.dtvb.certs.SelfSignedCertificate;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.impl.ConnectionBase;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Both ends of the plugin's go-plugin connections (its server for Vault, its client for the
 * broker) get the flush consolidation on this Vert.x, and an HTTP/2 exchange over them still works.
 */
class FlushConsolidationTest {
  private static final long BOUND_S = 60;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(BOUND_S, TimeUnit.SECONDS);
  }

  @Test
  void serverAndClientConnectionsGetItAndStillAnswer() throws Exception {
    IssuedCertificate vault = SelfSignedCertificate.generate();
    AutoMtls plugin = AutoMtls.create(vault.certificatePem());
    CompletableFuture<HttpConnection> served = new CompletableFuture<>();
    CompletableFuture<HttpConnection> dialled = new CompletableFuture<>();
    int port = vertx.createHttpServer(plugin.serverOptions().setHost("127.0.0.1").setPort(0))
        .connectionHandler(conn -> {
          FlushConsolidation.install(conn);
          served.complete(conn);
        })
        .requestHandler(req -> req.response().putTrailer("grpc-status", "0").end(req.version().name()))
        .listen().toCompletionStage().toCompletableFuture().get(BOUND_S, TimeUnit.SECONDS).actualPort();
    HttpClient client = vertx.httpClientBuilder().with(AutoMtls.of(vault, Pem.encode(certificate(plugin)))
            .clientOptions())
        .withConnectHandler(conn -> {
          FlushConsolidation.install(conn);
          dialled.complete(conn);
        }).build();

    String answer = client.request(HttpMethod.GET, port, "127.0.0.1", "/")
        .compose(req -> req.send().compose(resp -> resp.body())).map(Buffer::toString)
        .toCompletionStage().toCompletableFuture().get(BOUND_S, TimeUnit.SECONDS);

    assertEquals("HTTP_2", answer);
    assertInstalled(served.get(BOUND_S, TimeUnit.SECONDS));
    assertInstalled(dialled.get(BOUND_S, TimeUnit.SECONDS));
  }

  private static void assertInstalled(HttpConnection conn) {
    assertTrue(FlushConsolidation.install(conn), "no way to the pipeline of " + conn.getClass());
    assertTrue(((ConnectionBase) conn).channel().pipeline().names().contains(FlushConsolidation.NAME),
        String.valueOf(((ConnectionBase) conn).channel().pipeline().names()));
  }

  private static X509Certificate certificate(AutoMtls plugin) throws Exception {
    byte[] der = Base64.getDecoder().decode(plugin.handshakeCert());
    return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
  }
}
