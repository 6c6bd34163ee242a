package io.dtvb.certs;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * Self-signed EC P-256 certificates of the shape go-plugin's AutoMTLS uses: each side of the plugin
 * connection makes one, sends it to the other, and trusts exactly that certificate. So it is its own CA
 * (CA=true, keyCertSign) and serves as both TLS server and client (EKU serverAuth + clientAuth).
 */
public final class SelfSignedCertificate {

  /** go-plugin's own choice: the certificate lives as long as the process, which is not rotated. */
  public static final Duration DEFAULT_VALIDITY = Duration.ofHours(262_980);

  /** The one name go-plugin expects on AutoMTLS certificates. */
  public static final String LOCALHOST = "localhost";

  private SelfSignedCertificate() {}

  /** CN and SAN "localhost", default validity. */
  public static IssuedCertificate generate() {
    return generate(LOCALHOST, List.of(LOCALHOST), DEFAULT_VALIDITY);
  }

  /**
   * keyUsage digitalSignature|keyEncipherment|keyAgreement|keyCertSign, EKU serverAuth+clientAuth,
   * CA=true, a SAN per name.
   */
  public static IssuedCertificate generate(String commonName, List<String> names, Duration validity) {
    KeyPair keys = X509Builder.newKeyPair();
    X509Certificate certificate = new X509Builder(X509Builder.commonName(commonName), keys.getPublic())
        .validity(validity, null)
        .ca(null)
        .keyUsage(X509Builder.DIGITAL_SIGNATURE | X509Builder.KEY_ENCIPHERMENT | X509Builder.KEY_AGREEMENT
            | X509Builder.KEY_CERT_SIGN)
        .extendedKeyUsage(X509Builder.SERVER_AUTH, X509Builder.CLIENT_AUTH)
        .subjectAltNames(names)
        .sign(null, keys.getPrivate());
    return new IssuedCertificate(certificate, keys.getPrivate());
  }
}
