package io.dtvb.certs;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A small private CA that issues TLS server and client certificates (EC P-256, ECDSA-SHA256); issued
 * certificates never outlive the CA.
 */
public final class CertificateAuthority {

  private final IssuedCertificate ca;

  private CertificateAuthority(IssuedCertificate ca) {
    this.ca = ca;
  }

  /** A new self-signed root: CA=true with path length 0, keyUsage keyCertSign|cRLSign. */
  public static CertificateAuthority create(String commonName, Duration validity) {
    KeyPair keys = X509Builder.newKeyPair();
    X509Certificate certificate = new X509Builder(X509Builder.commonName(commonName), keys.getPublic())
        .validity(validity, null)
        .ca(0)
        .keyUsage(X509Builder.KEY_CERT_SIGN | X509Builder.CRL_SIGN | X509Builder.DIGITAL_SIGNATURE)
        .sign(null, keys.getPrivate());
    return new CertificateAuthority(new IssuedCertificate(certificate, keys.getPrivate()));
  }

  /** Wraps an existing CA certificate and key, for example read back from PEM files. */
  public static CertificateAuthority of(IssuedCertificate ca) {
    if (ca.certificate().getBasicConstraints() < 0) {
      throw new IllegalArgumentException("certificate is not a CA certificate");
    }
    return new CertificateAuthority(ca);
  }

  /** The CA's own certificate and key. */
  public IssuedCertificate certificate() {
    return ca;
  }

  /**
   * A TLS server certificate: EKU serverAuth, keyUsage digitalSignature, one SAN per name (IP literals
   * become iPAddress entries, everything else dNSName).
   */
  public IssuedCertificate issueServer(String commonName, List<String> names, Duration validity) {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("a server certificate needs at least one name");
    }
    return issue(commonName, validity, names, X509Builder.SERVER_AUTH);
  }

  /** A TLS client certificate: EKU clientAuth, keyUsage digitalSignature, no SAN. */
  public IssuedCertificate issueClient(String commonName, Duration validity) {
    return issue(commonName, validity, List.of(), X509Builder.CLIENT_AUTH);
  }

  private IssuedCertificate issue(
      String commonName, Duration validity, List<String> names, String purpose) {
    KeyPair keys = X509Builder.newKeyPair();
    Instant caEnd = ca.certificate().getNotAfter().toInstant();
    X509Certificate certificate = new X509Builder(X509Builder.commonName(commonName), keys.getPublic())
        .validity(validity, caEnd)
        .keyUsage(X509Builder.DIGITAL_SIGNATURE)
        .extendedKeyUsage(purpose)
        .subjectAltNames(names)
        .sign(ca.certificate(), ca.privateKey());
    return new IssuedCertificate(certificate, keys.getPrivate());
  }
}
