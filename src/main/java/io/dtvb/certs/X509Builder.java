package io.dtvb.certs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Builds one X.509 v3 certificate with an EC P-256 key, signed with ECDSA-SHA256. */
final class X509Builder {

  /** Clock skew tolerated between the machine that issues and the machines that verify. */
  static final Duration BACKDATE = Duration.ofMinutes(5);

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final BouncyCastleProvider PROVIDER = new BouncyCastleProvider();

  private final X500Principal subject;
  private final PublicKey publicKey;
  private Instant notBefore = Instant.now().minus(BACKDATE);
  private Instant notAfter = Instant.now().plus(Duration.ofDays(365));
  private boolean ca;
  private Integer pathLength;
  private int keyUsage;
  private final List<KeyPurposeId> extendedKeyUsages = new ArrayList<>();
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

  static X500Principal commonName(String commonName) {
    try {
      return new X500Principal(new X500NameBuilder(BCStyle.INSTANCE)
          .addRDN(BCStyle.O, "dynatrace-vault-bridge")
          .addRDN(BCStyle.CN, commonName)
          .build()
          .getEncoded());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

  X509Builder keyUsage(int bits) {
    this.keyUsage = bits;
    return this;
  }

  X509Builder extendedKeyUsage(KeyPurposeId... purposes) {
    extendedKeyUsages.addAll(List.of(purposes));
    return this;
  }

  X509Builder subjectAltNames(List<String> names) {
    this.names = List.copyOf(names);
    return this;
  }

  /** Signs with the issuer's key; a null issuer certificate means self-signed. */
  X509Certificate sign(X509Certificate issuer, PrivateKey issuerKey) {
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X500Principal issuerName = issuer == null ? subject : issuer.getSubjectX500Principal();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
          new BigInteger(127, RANDOM).add(BigInteger.ONE), Date.from(notBefore), Date.from(notAfter),
          subject, publicKey);
      BasicConstraints constraints = !ca ? new BasicConstraints(false)
          : pathLength == null ? new BasicConstraints(true) : new BasicConstraints(pathLength);
      builder.addExtension(Extension.basicConstraints, true, constraints);
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
      if (!extendedKeyUsages.isEmpty()) {
        builder.addExtension(Extension.extendedKeyUsage, false,
            new ExtendedKeyUsage(extendedKeyUsages.toArray(KeyPurposeId[]::new)));
      }
      if (!names.isEmpty()) {
        builder.addExtension(Extension.subjectAlternativeName, false,
            SubjectNames.toGeneralNames(names));
      }
      builder.addExtension(Extension.subjectKeyIdentifier, false,
          utils.createSubjectKeyIdentifier(publicKey));
      builder.addExtension(Extension.authorityKeyIdentifier, false, issuer == null
          ? utils.createAuthorityKeyIdentifier(publicKey)
          : utils.createAuthorityKeyIdentifier(issuer));
      X509CertificateHolder holder = builder.build(
          new JcaContentSignerBuilder("SHA256withECDSA").setProvider(PROVIDER).build(issuerKey));
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("certificate cannot be signed", e);
    }
  }
}
