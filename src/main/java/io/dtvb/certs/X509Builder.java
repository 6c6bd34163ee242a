package io.dtvb.certs;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/**
 * Builds one X.509 v3 certificate with an EC P-256 key, signed with ECDSA-SHA256 by the JDK's own
 * provider; the structure (RFC 5280 §4.1) is written with {@link Der}.
 */
final class X509Builder {

  /** Clock skew tolerated between the machine that issues and the machines that verify. */
  static final Duration BACKDATE = Duration.ofMinutes(5);

  /** keyUsage bits, numbered as in RFC 5280 §4.2.1.3. */
  static final int DIGITAL_SIGNATURE = 1;
  static final int KEY_ENCIPHERMENT = 1 << 2;
  static final int KEY_AGREEMENT = 1 << 4;
  static final int KEY_CERT_SIGN = 1 << 5;
  static final int CRL_SIGN = 1 << 6;

  /** extendedKeyUsage purposes (RFC 5280 §4.2.1.12). */
  static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

  private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
  private static final String BASIC_CONSTRAINTS = "2.5.29.19";
  private static final String KEY_USAGE = "2.5.29.15";
  private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
  private static final String SUBJECT_ALT_NAME = "2.5.29.17";
  private static final String SUBJECT_KEY_ID = "2.5.29.14";
  private static final String AUTHORITY_KEY_ID = "2.5.29.35";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final X500Principal subject;
  private final PublicKey publicKey;
  private Instant notBefore = Instant.now().minus(BACKDATE);
  private Instant notAfter = Instant.now().plus(Duration.ofDays(365));
  private boolean ca;
  private Integer pathLength;
  private int keyUsage;
  private final List<String> extendedKeyUsages = new ArrayList<>();
  private List<String> names = List.of();

  X509Builder(X500Principal subject, PublicKey publicKey) {
    this.subject = subject;
    this.publicKey = publicKey;
  }

  static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 is not available in this JVM", e);
    }
  }

  /** O=dynatrace-vault-bridge, CN=commonName, both UTF8String, in that order. */
  static X500Principal commonName(String commonName) {
    return new X500Principal(Der.sequence(
        Der.set(Der.sequence(Der.oid("2.5.4.10"), Der.utf8("dynatrace-vault-bridge"))),
        Der.set(Der.sequence(Der.oid("2.5.4.3"), Der.utf8(commonName)))));
  }

  X509Builder validity(Duration validity, Instant cap) {
    Instant start = Instant.now();
    this.notBefore = start.minus(BACKDATE);
    Instant end = start.plus(validity);
    this.notAfter = cap != null && end.isAfter(cap) ? cap : end;
    return this;
  }

  X509Builder ca(Integer pathLength) {
    this.ca = true;
    this.pathLength = pathLength;
    return this;
  }

  /** keyUsage from the bit constants above, or-ed together. */
  X509Builder keyUsage(int bits) {
    this.keyUsage = bits;
    return this;
  }

  X509Builder extendedKeyUsage(String... purposeOids) {
    extendedKeyUsages.addAll(List.of(purposeOids));
    return this;
  }

  X509Builder subjectAltNames(List<String> names) {
    this.names = List.copyOf(names);
    return this;
  }

  /** Signs with the issuer's key; a null issuer certificate means self-signed. */
  X509Certificate sign(X509Certificate issuer, PrivateKey issuerKey) {
    try {
      byte[] algorithm = Der.sequence(Der.oid(ECDSA_WITH_SHA256));
      byte[] spki = publicKey.getEncoded();
      byte[] ownKeyId = keyIdentifier(spki);
      byte[] tbs = Der.sequence(
          Der.explicit(0, Der.integer(2)), // v3
          Der.integer(new BigInteger(127, RANDOM).add(BigInteger.ONE)),
          algorithm,
          issuer == null ? subject.getEncoded() : issuer.getSubjectX500Principal().getEncoded(),
          Der.sequence(Der.time(notBefore), Der.time(notAfter)),
          subject.getEncoded(),
          spki,
          Der.explicit(3, extensions(ownKeyId, issuer == null ? ownKeyId : issuerKeyId(issuer))));
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(issuerKey, RANDOM);
      signer.update(tbs);
      byte[] certificate = Der.sequence(tbs, algorithm, Der.bitString(signer.sign()));
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(certificate));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("certificate cannot be signed", e);
    }
  }

  private byte[] extensions(byte[] subjectKeyId, byte[] authorityKeyId) {
    List<byte[]> out = new ArrayList<>();
    byte[] constraints = !ca ? Der.sequence()
        : pathLength == null ? Der.sequence(Der.bool(true))
        : Der.sequence(Der.bool(true), Der.integer(pathLength));
    out.add(extension(BASIC_CONSTRAINTS, true, constraints));
    out.add(extension(KEY_USAGE, true, Der.namedBits(keyUsage)));
    if (!extendedKeyUsages.isEmpty()) {
      out.add(extension(EXTENDED_KEY_USAGE, false,
          Der.sequence(extendedKeyUsages.stream().map(Der::oid).toArray(byte[][]::new))));
    }
    if (!names.isEmpty()) {
      out.add(extension(SUBJECT_ALT_NAME, false, SubjectNames.toGeneralNames(names)));
    }
    out.add(extension(SUBJECT_KEY_ID, false, Der.octetString(subjectKeyId)));
    out.add(extension(AUTHORITY_KEY_ID, false, Der.sequence(Der.implicit(0, authorityKeyId))));
    return Der.sequence(out.toArray(byte[][]::new));
  }

  /** DER leaves out a critical flag that is false (its DEFAULT). */
  private static byte[] extension(String oid, boolean critical, byte[] value) {
    return critical
        ? Der.sequence(Der.oid(oid), Der.bool(true), Der.octetString(value))
        : Der.sequence(Der.oid(oid), Der.octetString(value));
  }

  /** The issuer's subjectKeyIdentifier when it has one, so the chain links as its issuer said. */
  private static byte[] issuerKeyId(X509Certificate issuer) {
    byte[] wrapped = issuer.getExtensionValue(SUBJECT_KEY_ID); // OCTET STRING { OCTET STRING id }
    return wrapped != null ? Der.content(Der.content(wrapped, 0), 0)
        : keyIdentifier(issuer.getPublicKey().getEncoded());
  }

  /** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. */
  private static byte[] keyIdentifier(byte[] spki) {
    byte[] info = Der.content(spki, 0);              // SEQUENCE { algorithm, subjectPublicKey }
    int keyAt = Der.end(info, 0);                    // skip the AlgorithmIdentifier
    byte[] bits = Der.content(info, keyAt);          // BIT STRING: unused-bits byte, then the key
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(bits, 1, bits.length - 1);
      return sha1.digest();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-1 is not available in this JVM", e);
    }
  }
}
