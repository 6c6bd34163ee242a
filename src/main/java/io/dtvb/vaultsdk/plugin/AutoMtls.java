package io.dtvb.vaultsdk.plugin;

import io.dtvb.certs.IssuedCertificate;
import io.dtvb.certs.SelfSignedCertificate;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;

/**
 * go-plugin AutoMTLS: a one-off self-signed certificate for this process (SAN localhost, server and
 * client EKU), used to serve Vault and to dial Vault's broker, trusting only Vault's certificate.
 */
public final class AutoMtls {
  private final String certPem;
  private final String keyPem;
  private final byte[] certDer;
  private final String peerCertPem;

  private AutoMtls(String certPem, String keyPem, byte[] certDer, String peerCertPem) {
    this.certPem = certPem;
    this.keyPem = keyPem;
    this.certDer = certDer;
    this.peerCertPem = peerCertPem;
  }

  /** Creates this process's identity; {@code peerCertPem} is Vault's certificate (PLUGIN_CLIENT_CERT). */
  public static AutoMtls create(String peerCertPem) throws GeneralSecurityException {
    IssuedCertificate own = SelfSignedCertificate.generate();
    return new AutoMtls(own.certificatePem(), own.privateKeyPem(), own.certificate().getEncoded(), peerCertPem);
  }

  /** Field 6 of the handshake: base64 without padding of the certificate's DER. */
  public String handshakeCert() {
    return Base64.getEncoder().withoutPadding().encodeToString(certDer);
  }

  /** TLS server options: our certificate, client certificate required, trusting only Vault's. */
  public HttpServerOptions serverOptions() {
    return new HttpServerOptions()
        .setSsl(true)
        .setUseAlpn(true)
        .setAlpnVersions(List.of(HttpVersion.HTTP_2))
        .setClientAuth(ClientAuth.REQUIRED)
        .setKeyCertOptions(keyCert())
        .setTrustOptions(trust());
  }

  /** TLS client options for the broker connection: HTTP/2 via ALPN, our certificate as identity. */
  public HttpClientOptions clientOptions() {
    return new HttpClientOptions()
        .setSsl(true)
        .setUseAlpn(true)
        .setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false)
        // Trust is pinned to Vault's one-off certificate, so host-name checks add nothing; the
        // broker is a unix socket that has no host name to check.
        .setVerifyHost(false)
        .setKeyCertOptions(keyCert())
        .setTrustOptions(trust());
  }

  public String certPem() {
    return certPem;
  }

  private PemKeyCertOptions keyCert() {
    return new PemKeyCertOptions().addKeyValue(Buffer.buffer(keyPem)).addCertValue(Buffer.buffer(certPem));
  }

  private PemTrustOptions trust() {
    return new PemTrustOptions().addCertValue(Buffer.buffer(peerCertPem));
  }
}
