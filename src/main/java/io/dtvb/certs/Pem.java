package io.dtvb.certs;

import java.io.IOException;
import java.io.StringReader;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * PEM encoding and decoding of X.509 certificates and unencrypted private keys (PKCS#8 written; PKCS#8
 * and SEC1 "EC PRIVATE KEY" read).
 */
public final class Pem {

  private Pem() {}

  /** One "CERTIFICATE" block, ending with a newline. */
  public static String encode(X509Certificate certificate) {
    try {
      return block("CERTIFICATE", certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("certificate cannot be encoded", e);
    }
  }

  /** Certificates as consecutive blocks, e.g. a chain leaf first. */
  public static String encode(List<X509Certificate> certificates) {
    StringBuilder out = new StringBuilder();
    certificates.forEach(c -> out.append(encode(c)));
    return out.toString();
  }

  /** One unencrypted PKCS#8 "PRIVATE KEY" block; the result is a secret. */
  public static String encode(PrivateKey key) {
    if (!"PKCS#8".equals(key.getFormat())) {
      throw new IllegalArgumentException("private key is not PKCS#8-encodable: " + key.getFormat());
    }
    return block("PRIVATE KEY", key.getEncoded());
  }

  /** The first certificate in the text. */
  public static X509Certificate decodeCertificate(String pem) {
    return decodeCertificates(pem).get(0);
  }

  /** Every certificate in the text, in order; fails when there is none. */
  public static List<X509Certificate> decodeCertificates(String pem) {
    List<X509Certificate> out = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    for (Object item : parseAll(pem)) {
      if (item instanceof X509CertificateHolder holder) {
        try {
          out.add(converter.getCertificate(holder));
        } catch (CertificateException e) {
          throw new PemFormatException("certificate cannot be decoded", e);
        }
      }
    }
    if (out.isEmpty()) {
      throw new PemFormatException("no CERTIFICATE block found");
    }
    return out;
  }

  /** The first private key in the text ("PRIVATE KEY" or "EC PRIVATE KEY"; not encrypted). */
  public static PrivateKey decodePrivateKey(String pem) {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    for (Object item : parseAll(pem)) {
      try {
        if (item instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (item instanceof PEMKeyPair pair) {
          return converter.getPrivateKey(pair.getPrivateKeyInfo());
        }
      } catch (IOException | RuntimeException e) {
        throw new PemFormatException("private key cannot be decoded", e);
      }
    }
    throw new PemFormatException("no unencrypted PRIVATE KEY block found");
  }

  private static List<Object> parseAll(String pem) {
    if (pem == null) {
      throw new PemFormatException("no PEM text");
    }
    List<Object> items = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
        items.add(item);
      }
    } catch (IOException | RuntimeException e) {
      // Parser messages never include key material, only the structure that failed.
      throw new PemFormatException("malformed PEM: " + e.getClass().getSimpleName(), e);
    }
    return items;
  }

  /** RFC 7468: base64 in lines of 64, between BEGIN and END lines; the plugin writes one at every start. */
  private static String block(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
