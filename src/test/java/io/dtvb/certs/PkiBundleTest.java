package io.dtvb.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PkiBundleTest {

  @TempDir Path dir;

  @Test
  void writesSixFilesWithOwnerOnlyKeys() throws Exception {
    PkiBundle.generate(List.of(), Duration.ofDays(2)).write(dir, false);

    for (String name : PkiBundle.FILE_NAMES) {
      String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name)));
      assertEquals(name.endsWith("-key.pem") ? "rw-------" : "rw-r--r--", mode, name);
    }
  }

  @Test
  void writtenFilesReadBackIntoAVerifyingChain() throws Exception {
    PkiBundle.generate(List.of("sidecar.example"), Duration.ofDays(2)).write(dir, false);

    var ca = Pem.decodeCertificate(PemFiles.read(dir.resolve(PkiBundle.CA_CERT)));
    var sidecar = Pem.decodeCertificate(PemFiles.read(dir.resolve(PkiBundle.SIDECAR_CERT)));
    var plugin = Pem.decodeCertificate(PemFiles.read(dir.resolve(PkiBundle.PLUGIN_CERT)));
    CertificateAuthorityTest.validate(sidecar, ca);
    CertificateAuthorityTest.validate(plugin, ca);
    assertTrue(keyMatches(dir.resolve(PkiBundle.SIDECAR_KEY), sidecar));
    assertTrue(keyMatches(dir.resolve(PkiBundle.PLUGIN_KEY), plugin));
    assertTrue(sidecar.getSubjectAlternativeNames().contains(List.of(2, "sidecar.example")));
    assertTrue(sidecar.getSubjectAlternativeNames().contains(List.of(7, "127.0.0.1")));
  }

  @Test
  void refusesToOverwriteAndLeavesExistingFilesAlone() throws Exception {
    Files.writeString(dir.resolve(PkiBundle.PLUGIN_KEY), "mine");

    assertThrows(FileAlreadyExistsException.class,
        () -> PkiBundle.generate(List.of(), Duration.ofDays(2)).write(dir, false));

    assertEquals("mine", Files.readString(dir.resolve(PkiBundle.PLUGIN_KEY)));
    assertEquals(List.of(dir.resolve(PkiBundle.PLUGIN_KEY)), PkiBundle.existingFiles(dir));
  }

  @Test
  void overwriteReplacesAWorldReadableKeyWithAnOwnerOnlyOne() throws Exception {
    Path key = dir.resolve(PkiBundle.CA_KEY);
    Files.writeString(key, "old");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-rw-rw-"));

    PkiBundle.generate(List.of(), Duration.ofDays(2)).write(dir, true);

    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    Pem.decodePrivateKey(Files.readString(key));
  }

  static boolean keyMatches(Path keyFile, java.security.cert.X509Certificate cert) throws Exception {
    byte[] data = {4, 2};
    java.security.Signature signer = java.security.Signature.getInstance("SHA256withECDSA");
    signer.initSign(Pem.decodePrivateKey(PemFiles.read(keyFile)));
    signer.update(data);
    java.security.Signature verifier = java.security.Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(cert);
    verifier.update(data);
    return verifier.verify(signer.sign());
  }
}
