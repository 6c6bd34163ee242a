package io.dtvb.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {

  static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

  final CertificateAuthority ca = CertificateAuthority.create("test CA", Duration.ofDays(30));

  @Test
  void serverAndClientCertificatesChainToTheCa() throws Exception {
    IssuedCertificate server = ca.issueServer("srv", List.of("localhost"), Duration.ofDays(1));
    IssuedCertificate client = ca.issueClient("cli", Duration.ofDays(1));

    validate(server.certificate(), ca.certificate().certificate());
    validate(client.certificate(), ca.certificate().certificate());
  }

  @Test
  void certificateFromAnotherCaDoesNotVerify() {
    CertificateAuthority other = CertificateAuthority.create("other", Duration.ofDays(30));
    IssuedCertificate foreign = other.issueClient("cli", Duration.ofDays(1));

    assertThrows(CertPathValidatorException.class,
        () -> validate(foreign.certificate(), ca.certificate().certificate()));
  }

  @Test
  void caIsMarkedAsCaThatSignsCertificatesOnly() {
    X509Certificate root = ca.certificate().certificate();

    assertEquals(0, root.getBasicConstraints(), "CA with path length 0");
    boolean[] usage = root.getKeyUsage();
    assertTrue(usage[5], "keyCertSign");
    assertTrue(usage[6], "cRLSign");
    assertEquals(root.getSubjectX500Principal(), root.getIssuerX500Principal());
  }

  @Test
  void serverCertificateNamesEveryRequestedHostAndIpAndIsForServerAuthOnly() throws Exception {
    X509Certificate server = ca.issueServer("srv",
        List.of("localhost", "127.0.0.1", "sidecar.internal", "::1"), Duration.ofDays(1)).certificate();

    assertEquals(Set.of(List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(2, "sidecar.internal"),
        List.of(7, "0:0:0:0:0:0:0:1")), Set.copyOf(server.getSubjectAlternativeNames()));
    assertEquals(List.of(SERVER_AUTH), server.getExtendedKeyUsage());
    assertEquals(-1, server.getBasicConstraints(), "not a CA");
    assertTrue(server.getKeyUsage()[0], "digitalSignature");
    assertFalse(server.getKeyUsage()[5], "no keyCertSign");
  }

  @Test
  void clientCertificateIsForClientAuthOnlyWithoutNames() throws Exception {
    X509Certificate client = ca.issueClient("cli", Duration.ofDays(1)).certificate();

    assertEquals(List.of(CLIENT_AUTH), client.getExtendedKeyUsage());
    assertEquals(-1, client.getBasicConstraints());
    assertNull(client.getSubjectAlternativeNames());
  }

  @Test
  void keysAreEcP256AndSignaturesEcdsaSha256() {
    IssuedCertificate server = ca.issueServer("srv", List.of("localhost"), Duration.ofDays(1));

    ECPublicKey key = (ECPublicKey) server.certificate().getPublicKey();
    assertEquals(256, key.getParams().getCurve().getField().getFieldSize());
    assertEquals("EC", server.privateKey().getAlgorithm());
    assertEquals("SHA256withECDSA", server.certificate().getSigAlgName());
  }

  @Test
  void issuedCertificatesNeverOutliveTheCa() {
    X509Certificate leaf = ca.issueClient("cli", Duration.ofDays(400)).certificate();

    assertEquals(ca.certificate().certificate().getNotAfter(), leaf.getNotAfter());
  }

  @Test
  void validityStartsSlightlyInThePastForClockSkew() {
    X509Certificate leaf = ca.issueClient("cli", Duration.ofDays(1)).certificate();

    assertTrue(leaf.getNotBefore().toInstant().isBefore(Instant.now()));
  }

  @Test
  void serverCertificateNeedsAName() {
    assertThrows(IllegalArgumentException.class, () -> ca.issueServer("srv", List.of(), Duration.ofDays(1)));
  }

  @Test
  void wrappingRefusesALeafCertificate() {
    IssuedCertificate leaf = ca.issueClient("cli", Duration.ofDays(1));

    assertThrows(IllegalArgumentException.class, () -> CertificateAuthority.of(leaf));
  }

  @Test
  void toStringNeverShowsThePrivateKey() {
    IssuedCertificate leaf = ca.issueClient("cli", Duration.ofDays(1));
    String body = leaf.privateKeyPem().lines().skip(1).findFirst().orElseThrow();

    assertFalse(leaf.toString().contains(body));
    assertFalse(leaf.toString().contains("PRIVATE"));
  }

  @Test
  void leavesNameTheirIssuersKeyIdentifier() {
    X509Certificate leaf = ca.issueClient("cli", Duration.ofDays(1)).certificate();
    byte[] caKeyId = Der.content(Der.content(
        ca.certificate().certificate().getExtensionValue("2.5.29.14"), 0), 0);
    byte[] authorityKeyId = Der.content(Der.content(Der.content(
        leaf.getExtensionValue("2.5.29.35"), 0), 0), 0); // OCTET STRING { SEQUENCE { [0] id } }

    assertEquals(20, caKeyId.length, "SHA-1 of the public key");
    assertEquals(HexFormat.of().formatHex(caKeyId), HexFormat.of().formatHex(authorityKeyId));
  }

  static void validate(X509Certificate leaf, X509Certificate root) throws Exception {
    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
    parameters.setRevocationEnabled(false);
    CertPathValidator.getInstance("PKIX").validate(
        CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), parameters);
  }
}
