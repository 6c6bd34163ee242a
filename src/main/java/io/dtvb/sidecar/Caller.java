package io.dtvb.sidecar;

import io.vertx.ext.web.RoutingContext;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.HexFormat;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Who is calling: the SHA-256 fingerprint ({@code sha256:<hex>}) of the client's leaf certificate
 * on the mutual-TLS connection. A valid certificate authenticates; the bindings decide what it may do.
 */
final class Caller {
  private Caller() {}

  /** The caller's identity, or null when the request carries no client certificate. */
  static String identity(RoutingContext ctx) {
    SSLSession session = ctx.request().sslSession();
    if (session == null) {
      return null;
    }
    try {
      Certificate[] chain = session.getPeerCertificates();
      return chain.length == 0 ? null : fingerprint(chain[0]);
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }

  /** The identity of a certificate: "sha256:" and the hex SHA-256 of its DER encoding. */
  static String fingerprint(Certificate cert) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
      return "sha256:" + HexFormat.of().formatHex(d);
    } catch (CertificateEncodingException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot fingerprint a certificate", e);
    }
  }
}
