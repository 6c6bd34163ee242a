package io.dtvb.vaultsdk.plugin;

import io.dtvb.certs.IssuedCertificate;
import io.dtvb.certs.JdkServerTls;
import io.dtvb.certs.SelfSignedCertificate;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.TrustOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;

/**
 * go-plugin AutoMTLS: a one-off self-signed certificate for this process (SAN localhost, server and
 * client EKU), used to serve Vault and to dial Vault's broker, trusting only Vault's certificate.
 */
public final class AutoMtls {
  private final IssuedCertificate own;
  private final TrustManagerFactory peerTrust;

  private AutoMtls(IssuedCertificate own, TrustManagerFactory peerTrust) {
    this.own = own;
    this.peerTrust = peerTrust;
  }

  /**
   * Creates this process's identity; {@code peerCertPem} is Vault's certificate (PLUGIN_CLIENT_CERT),
   * the one trust anchor for both directions.
   */
  public static AutoMtls create(String peerCertPem) throws GeneralSecurityException {
    TrustManagerFactory trust = trustOnly(peerCertPem);
    return new AutoMtls(SelfSignedCertificate.generate(), trust);
  }

  /** An identity made elsewhere (the training run's stand-in for Vault) paired with its peer. */
  static AutoMtls of(IssuedCertificate own, String peerCertPem) throws GeneralSecurityException {
    return new AutoMtls(own, trustOnly(peerCertPem));
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
        .setSslEngineOptions(new JdkServerTls())
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

  private TrustOptions trust() {
    return TrustOptions.wrap(peerTrust);
  }

  /**
   * PKIX with Vault's certificate as the only anchor, as Vert.x's PEM trust options build it, but
   * straight from the JDK: the certificate is parsed once and a bad one fails the start at once.
   */
  private static TrustManagerFactory trustOnly(String pem) throws GeneralSecurityException {
    Certificate peer = CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    KeyStore anchors = KeyStore.getInstance("PKCS12");
    try {
      anchors.load(null, null);
    } catch (IOException e) {
      throw new KeyStoreException("empty key store cannot be created", e);
    }
    anchors.setCertificateEntry("vault", peer);
    TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
    factory.init(anchors);
    return factory;
  }
}
