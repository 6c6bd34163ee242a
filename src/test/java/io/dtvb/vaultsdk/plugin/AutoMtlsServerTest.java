package io.dtvb.vaultsdk.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dtvb.certs.IssuedCertificate;
import io.dtvb.certs.Pem;
import io.dtvb.certs.SelfSignedCertificate;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The plugin's TLS server (its own key manager and SSL context, io.dtvb.certs.JdkServerTls) keeps go-plugin's
 * AutoMTLS promises: HTTP/2 through ALPN, and only a client holding Vault's certificate gets in.
 */
class AutoMtlsServerTest {
  private static final long BOUND_S = 60;
  private final Vertx vertx = Vertx.vertx();
  private final IssuedCertificate vault = SelfSignedCertificate.generate();
  private AutoMtls plugin;
  private int port;

  @BeforeEach
  void serve() throws Exception {
    plugin = AutoMtls.create(vault.certificatePem());
    port = vertx.createHttpServer(plugin.serverOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(req -> req.response().end(req.version().name()))
        .listen().toCompletionStage().toCompletableFuture().get(BOUND_S, TimeUnit.SECONDS).actualPort();
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(BOUND_S, TimeUnit.SECONDS);
  }

  @Test
  void vaultsCertificateGetsHttp2() throws Exception {
    AutoMtls vaultSide = AutoMtls.of(vault, Pem.encode(pluginCertificate()));

    assertEquals("HTTP_2", get(vaultSide.clientOptions()));
  }

  @Test
  void anyOtherCertificateIsRefused() {
    IssuedCertificate stranger = SelfSignedCertificate.generate();

    assertThrows(ExecutionException.class, () -> get(pinnedClient().setKeyCertOptions(keyCert(stranger))));
  }

  @Test
  void aClientWithoutCertificateIsRefused() {
    assertThrows(ExecutionException.class, () -> get(pinnedClient()));
  }

  /** HTTP/2 over TLS trusting the plugin's certificate, with no client certificate yet. */
  private HttpClientOptions pinnedClient() throws Exception {
    return new HttpClientOptions().setSsl(true).setUseAlpn(true).setProtocolVersion(HttpVersion.HTTP_2)
        .setVerifyHost(false)
        .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(Pem.encode(pluginCertificate()))));
  }

  private String get(HttpClientOptions options) throws Exception {
    return vertx.createHttpClient(options)
        .request(HttpMethod.GET, port, "127.0.0.1", "/")
        .compose(req -> req.send().compose(resp -> resp.body()))
        .map(Buffer::toString)
        .toCompletionStage().toCompletableFuture().get(BOUND_S, TimeUnit.SECONDS);
  }

  private X509Certificate pluginCertificate() throws Exception {
    byte[] der = Base64.getDecoder().decode(plugin.handshakeCert());
    return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
  }

  private static PemKeyCertOptions keyCert(IssuedCertificate cert) {
    return new PemKeyCertOptions().addCertValue(Buffer.buffer(cert.certificatePem()))
        .addKeyValue(Buffer.buffer(cert.privateKeyPem()));
  }
}
