package io.dtvb.certs;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/** A certificate together with its private key; toString never shows the key. */
public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey) {

  public IssuedCertificate {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(privateKey, "privateKey");
  }

  /** The certificate as one PEM block. */
  public String certificatePem() {
    return Pem.encode(certificate);
  }

  /** The private key as an unencrypted PKCS#8 PEM block ("PRIVATE KEY"); treat it as a secret. */
  public String privateKeyPem() {
    return Pem.encode(privateKey);
  }

  @Override
  public String toString() {
    return "IssuedCertificate[subject=" + certificate.getSubjectX500Principal().getName()
        + ", notAfter=" + certificate.getNotAfter().toInstant() + "]";
  }
}
