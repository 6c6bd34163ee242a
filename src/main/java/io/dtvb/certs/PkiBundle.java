package io.dtvb.certs;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the {@code certs} command makes for users without their own PKI: a CA, the sidecar's server
 * certificate and the plugin's client certificate.
 */
public record PkiBundle(IssuedCertificate ca, IssuedCertificate sidecar, IssuedCertificate plugin) {

  public static final String CA_CERT = "ca.pem";
  public static final String CA_KEY = "ca-key.pem";
  public static final String SIDECAR_CERT = "sidecar.pem";
  public static final String SIDECAR_KEY = "sidecar-key.pem";
  public static final String PLUGIN_CERT = "plugin.pem";
  public static final String PLUGIN_KEY = "plugin-key.pem";

  /** The six file names, in the order they are written. */
  public static final List<String> FILE_NAMES =
      List.of(CA_CERT, CA_KEY, SIDECAR_CERT, SIDECAR_KEY, PLUGIN_CERT, PLUGIN_KEY);

  /** Names every sidecar certificate carries, before the caller's extra ones. */
  public static final List<String> DEFAULT_SIDECAR_NAMES = List.of("localhost", "127.0.0.1");

  /** The CA outlives the leaves by this much at least, so leaves can be reissued under it. */
  public static final Duration MIN_CA_VALIDITY = Duration.ofDays(3650);

  /** A new CA plus a sidecar certificate (default names + extraNames) and a plugin certificate. */
  public static PkiBundle generate(List<String> extraNames, Duration leafValidity) {
    Duration caValidity = leafValidity.compareTo(MIN_CA_VALIDITY) > 0 ? leafValidity : MIN_CA_VALIDITY;
    CertificateAuthority authority =
        CertificateAuthority.create("dynatrace-vault-bridge CA", caValidity);
    Set<String> names = new LinkedHashSet<>(DEFAULT_SIDECAR_NAMES);
    names.addAll(extraNames);
    return new PkiBundle(authority.certificate(),
        authority.issueServer("dynatrace-vault-bridge sidecar", List.copyOf(names), leafValidity),
        authority.issueClient("dynatrace-vault-bridge plugin", leafValidity));
  }

  /**
   * Issues one more client certificate, {@code NAME.pem} and {@code NAME-key.pem} (mode 0600), with
   * the CA already in dir ({@code ca.pem}, {@code ca-key.pem}): one per Vault cluster or mount, so
   * each is its own identity at the sidecar. Returns the certificate.
   */
  public static IssuedCertificate issueClient(Path dir, String name, Duration validity, boolean overwrite)
      throws IOException {
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}") || FILE_NAMES.contains(name + ".pem")
        || FILE_NAMES.contains(name + "-key.pem")) {
      throw new IllegalArgumentException("client name must be 1-64 letters, digits, '.', '_' or '-' and not one"
          + " of ca, sidecar, plugin's file names");
    }
    CertificateAuthority ca = CertificateAuthority.of(new IssuedCertificate(
        Pem.decodeCertificate(PemFiles.read(dir.resolve(CA_CERT))),
        Pem.decodePrivateKey(PemFiles.read(dir.resolve(CA_KEY)))));
    IssuedCertificate client = ca.issueClient("dynatrace-vault-bridge client " + name, validity);
    PemFiles.writeCertificate(dir.resolve(name + ".pem"), client.certificatePem(), overwrite);
    PemFiles.writePrivateKey(dir.resolve(name + "-key.pem"), client.privateKeyPem(), overwrite);
    return client;
  }

  /** The identity the sidecar binds connections to: "sha256:" and the hex SHA-256 of the certificate's DER. */
  public static String fingerprint(java.security.cert.X509Certificate certificate) {
    try {
      return "sha256:" + java.util.HexFormat.of().formatHex(
          java.security.MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("cannot fingerprint a certificate", e);
    }
  }

  /** Files among the six that already exist in dir. */
  public static List<Path> existingFiles(Path dir) {
    List<Path> existing = new ArrayList<>();
    for (String name : FILE_NAMES) {
      if (Files.exists(dir.resolve(name))) {
        existing.add(dir.resolve(name));
      }
    }
    return existing;
  }

  /**
   * Writes the six files into dir (created if missing); unless overwrite, writes nothing at all when
   * any of them exists. Keys get mode 0600. Returns the paths in FILE_NAMES order.
   */
  public List<Path> write(Path dir, boolean overwrite) throws IOException {
    List<Path> existing = existingFiles(dir);
    if (!overwrite && !existing.isEmpty()) {
      throw new FileAlreadyExistsException(existing.get(0).toString(), null,
          existing.size() + " of the files exist already");
    }
    Files.createDirectories(dir);
    PemFiles.writeCertificate(dir.resolve(CA_CERT), ca.certificatePem(), overwrite);
    PemFiles.writePrivateKey(dir.resolve(CA_KEY), ca.privateKeyPem(), overwrite);
    PemFiles.writeCertificate(dir.resolve(SIDECAR_CERT), sidecar.certificatePem(), overwrite);
    PemFiles.writePrivateKey(dir.resolve(SIDECAR_KEY), sidecar.privateKeyPem(), overwrite);
    PemFiles.writeCertificate(dir.resolve(PLUGIN_CERT), plugin.certificatePem(), overwrite);
    PemFiles.writePrivateKey(dir.resolve(PLUGIN_KEY), plugin.privateKeyPem(), overwrite);
    return FILE_NAMES.stream().map(dir::resolve).toList();
  }
}
