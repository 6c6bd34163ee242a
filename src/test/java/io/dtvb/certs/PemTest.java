package io.dtvb.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.testing.Seeded;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.math.BigInteger;
import java.security.interfaces.ECPrivateKey;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PemTest {

  static final IssuedCertificate CERT =
      SelfSignedCertificate.generate("pem", List.of("localhost"), Duration.ofDays(1));

  @Test
  void certificateRoundTripsThroughPem() {
    String pem = CERT.certificatePem();

    assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----\n"));
    assertEquals(CERT.certificate(), Pem.decodeCertificate(pem));
  }

  @Test
  void privateKeyIsWrittenAsPkcs8AndStillSigns() throws Exception {
    String pem = CERT.privateKeyPem();
    assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----\n"));

    PrivateKey key = Pem.decodePrivateKey(pem);
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(key);
    signer.update(new byte[] {1, 2, 3});
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(CERT.certificate().getPublicKey());
    verifier.update(new byte[] {1, 2, 3});
    assertTrue(verifier.verify(signature));
  }

  @Test
  void readsSec1EcPrivateKeysAsOpensslWritesThem() throws Exception {
    BigInteger secret = ((ECPrivateKey) CERT.privateKey()).getS();
    byte[] sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, secret, X9ObjectIdentifiers.prime256v1)
        .getEncoded();
    String pem = "-----BEGIN EC PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(sec1) + "\n-----END EC PRIVATE KEY-----\n";

    assertEquals(secret, ((ECPrivateKey) Pem.decodePrivateKey(pem)).getS());
  }

  @Test
  void readsEveryCertificateOfAChainInOrder() {
    IssuedCertificate other = SelfSignedCertificate.generate();
    String chain = Pem.encode(List.of(CERT.certificate(), other.certificate()));

    assertEquals(List.of(CERT.certificate(), other.certificate()), Pem.decodeCertificates(chain));
  }

  @Test
  void keyTextHoldsNoCertificateAndCertificateTextHoldsNoKey() {
    assertThrows(PemFormatException.class, () -> Pem.decodeCertificate(CERT.privateKeyPem()));
    assertThrows(PemFormatException.class, () -> Pem.decodePrivateKey(CERT.certificatePem()));
  }

  /** Any text of up to 255 characters. */
  static Stream<Arguments> anyTexts() {
    return Seeded.cases(200, Seeded.strings(255));
  }

  @ParameterizedTest
  @MethodSource("anyTexts")
  void arbitraryTextFailsOnlyAsPemFormatException(String text) {
    String[] inputs = {text, "-----BEGIN CERTIFICATE-----\n" + text + "\n-----END CERTIFICATE-----\n",
        "-----BEGIN PRIVATE KEY-----\n" + text + "\n-----END PRIVATE KEY-----\n"};
    for (String input : inputs) {
      assertThrows(PemFormatException.class, () -> Pem.decodeCertificate(input));
      assertThrows(PemFormatException.class, () -> Pem.decodePrivateKey(input));
    }
  }
}
