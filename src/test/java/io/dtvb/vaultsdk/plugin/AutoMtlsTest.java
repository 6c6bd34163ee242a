package io.dtvb.vaultsdk.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.certs.SelfSignedCertificate;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class AutoMtlsTest {
  /** Stands in for the certificate Vault passes in PLUGIN_CLIENT_CERT. */
  static final String VAULT_CERT = SelfSignedCertificate.generate().certificatePem();

  @Test
  void handshakeCertIsUnpaddedBase64OfAServerAndClientCertForLocalhost() throws Exception {
    AutoMtls mtls = AutoMtls.create(VAULT_CERT);
    String field = mtls.handshakeCert();
    assertFalse(field.contains("="), "go-plugin decodes with RawStdEncoding: no padding allowed");
    X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(padded(field))));
    assertTrue(cert.getSubjectAlternativeNames().stream().anyMatch(n -> n.get(1).equals("localhost")));
    assertTrue(cert.getExtendedKeyUsage().containsAll(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2")));
    assertTrue(cert.getKeyUsage()[0], "digitalSignature");
    assertEquals(-1 < cert.getBasicConstraints(), true);
    cert.checkValidity();
  }

  @Test
  void handshakeLineHasTheSixGoPluginFields() throws Exception {
    String line = PluginServer.handshake(1234, AutoMtls.create(VAULT_CERT));
    String[] f = line.split("\\|");
    assertEquals(6, f.length);
    assertEquals("1", f[0]);
    assertEquals("5", f[1]);
    assertEquals("tcp", f[2]);
    assertEquals("127.0.0.1:1234", f[3]);
    assertEquals("grpc", f[4]);
  }

  @Test
  void aPeerCertificateThatIsNotPemFailsTheStartAtOnce() {
    assertThrows(CertificateException.class, () -> AutoMtls.create("not a certificate"));
  }

  private static String padded(String s) {
    return s + "=".repeat((4 - s.length() % 4) % 4);
  }
}
