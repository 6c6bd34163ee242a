package io.dtvb.vaultsdk.plugin;

import io.dtvb.certs.IssuedCertificate;
import io.dtvb.certs.SelfSignedCertificate;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.security.cert.CertificateEncodingException;
import java.util.Base64;
import java.util.List;

/**
 * go-plugin AutoMTLS: a one-off self-signed certificate for this process (SAN localhost, server and
 * client EKU), used to serve Vault and to dial Vault's broker, trusting only Vault's certificate.
 */
public final class AutoMtls {
  private final IssuedCertificate own;
  private final String peerCertPem;

  private AutoMtls(IssuedCertificate own, String peerCertPem) {
    this.own = own;
    this.peerCertPem = peerCertPem;
  }

  /** Creates this process's identity; {@code peerCertPem} is Vault's certificate (PLUGIN_CLIENT_CERT). */
  public static AutoMtls create(String peerCertPem) {
    return new AutoMtls(SelfSignedCertificate.generate(), peerCertPem);
  }

  /** Field 6 of the handshake: base64 without padding of the certificate's DER. */
  public String handshakeCert() {
    try {
      return Base64.getEncoder().withoutPadding().encodeToString(own.certificate().getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("own certificate cannot be encoded", e);
    }
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

  private KeyCertOptions keyCert() {
    return KeyCertOptions.wrap(new OwnKeyManager(own.certificate(), own.privateKey()).asFactory());
  }

  private PemTrustOptions trust() {
    return new PemTrustOptions().addCertValue(Buffer.buffer(peerCertPem));
  }
}
