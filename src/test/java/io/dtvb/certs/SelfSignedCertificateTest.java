package io.dtvb.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.junit5.VertxExtension;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class SelfSignedCertificateTest {

  @Test
  void hasTheShapeGoPluginAutoMtlsExpects() throws Exception {
    X509Certificate cert = SelfSignedCertificate.generate().certificate();

    assertEquals(List.of(List.of(2, "localhost")), List.copyOf(cert.getSubjectAlternativeNames()));
    assertEquals(List.of(CertificateAuthorityTest.SERVER_AUTH, CertificateAuthorityTest.CLIENT_AUTH),
        cert.getExtendedKeyUsage());
    assertTrue(cert.getBasicConstraints() >= 0, "CA=true");
    boolean[] usage = cert.getKeyUsage();
    assertTrue(usage[0] && usage[2] && usage[4] && usage[5],
        "digitalSignature, keyEncipherment, keyAgreement, keyCertSign");
    assertEquals(cert.getSubjectX500Principal(), cert.getIssuerX500Principal());
    assertTrue(cert.getSubjectX500Principal().getName().contains("CN=localhost"));
    assertTrue(cert.getNotAfter().toInstant().isAfter(Instant.now().plus(Duration.ofDays(3650))));
  }

  @Test
  void verifiesItsOwnSignature() throws Exception {
    X509Certificate cert = SelfSignedCertificate.generate().certificate();

    cert.verify(cert.getPublicKey());
  }

  @Test
  void twoSelfSignedCertificatesCarryMutualTlsWhenEachSideTrustsTheOther(Vertx vertx) throws Exception {
    IssuedCertificate server = SelfSignedCertificate.generate();
    IssuedCertificate client = SelfSignedCertificate.generate();
    NetServer listener = vertx.createNetServer(new NetServerOptions()
            .setSsl(true)
            .setClientAuth(ClientAuth.REQUIRED)
            .setKeyCertOptions(keyCert(server))
            .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(client.certificatePem()))))
        .connectHandler(socket -> socket.handler(socket::write));
    listener.listen(0, "localhost").await(30, TimeUnit.SECONDS); // same resolution as the client below

    // Held in a variable and closed at the end: Vert.x closes a client the GC finds unreachable,
    // which closed this connection mid-handshake whenever a collection came at that moment.
    NetClient dialer = vertx.createNetClient(new NetClientOptions()
        .setSsl(true)
        .setHostnameVerificationAlgorithm("HTTPS")
        .setKeyCertOptions(keyCert(client))
        .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(server.certificatePem()))));
    Buffer echoed = dialer.connect(listener.actualPort(), "localhost")
        .compose(socket -> {
          var reply = io.vertx.core.Promise.<Buffer>promise();
          socket.handler(reply::tryComplete);
          return socket.write("ping").compose(v -> reply.future());
        })
        .await(30, TimeUnit.SECONDS);
    dialer.close().await(30, TimeUnit.SECONDS);

    assertEquals("ping", echoed.toString());
  }

  static PemKeyCertOptions keyCert(IssuedCertificate cert) {
    return new PemKeyCertOptions()
        .addCertValue(Buffer.buffer(cert.certificatePem()))
        .addKeyValue(Buffer.buffer(cert.privateKeyPem()));
  }
}
