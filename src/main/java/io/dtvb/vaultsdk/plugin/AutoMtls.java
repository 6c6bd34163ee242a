package io.dtvb.vaultsdk.plugin;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

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
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
      gen.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair kp = gen.generateKeyPair();
      X500Name name = new X500Name("CN=localhost,O=dynatrace-vault-bridge");
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name,
          new BigInteger(128, new SecureRandom()), Date.from(now.minus(Duration.ofSeconds(30))),
          Date.from(now.plus(Duration.ofDays(3650))), name, kp.getPublic());
      b.addExtension(Extension.subjectAlternativeName, false,
          new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature
          | KeyUsage.keyEncipherment | KeyUsage.keyAgreement | KeyUsage.keyCertSign));
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
          new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
          b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
      return new AutoMtls(pem(cert), pem(kp.getPrivate()), cert.getEncoded(), peerCertPem);
    } catch (Exception e) {
      throw new GeneralSecurityException("cannot create the AutoMTLS certificate", e);
    }
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

  private static String pem(Object o) throws java.io.IOException {
    StringWriter sw = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
      w.writeObject(o instanceof java.security.PrivateKey k
          ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(k, null) : o);
    }
    return sw.toString();
  }
}
