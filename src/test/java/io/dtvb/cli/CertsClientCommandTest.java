package io.dtvb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.certs.Pem;
import io.dtvb.certs.PkiBundle;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** certs --client NAME: one more client certificate per Vault cluster or mount, signed by the existing CA. */
class CertsClientCommandTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();

  int run(String... args) {
    return new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(out)).execute(args);
  }

  @Test
  void issuesAClientCertificateUnderTheExistingCaAndPrintsItsFingerprint() throws Exception {
    assertEquals(0, run("certs", "--out", dir.toString()));
    assertEquals(0, run("certs", "--out", dir.toString(), "--client", "vault-prod-mount-a"), out.toString());
    X509Certificate ca = Pem.decodeCertificate(Files.readString(dir.resolve("ca.pem")));
    X509Certificate client = Pem.decodeCertificate(Files.readString(dir.resolve("vault-prod-mount-a.pem")));
    client.verify(ca.getPublicKey());
    assertTrue(client.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.2"), "clientAuth");
    assertEquals("rw-------", PosixFilePermissions.toString(
        Files.getPosixFilePermissions(dir.resolve("vault-prod-mount-a-key.pem"))));
    assertTrue(out.toString().contains("fingerprint " + PkiBundle.fingerprint(client)), out.toString());
    X509Certificate plugin = Pem.decodeCertificate(Files.readString(dir.resolve("plugin.pem")));
    assertNotEquals(PkiBundle.fingerprint(plugin), PkiBundle.fingerprint(client));
  }

  @Test
  void refusesToOverwriteWithoutForceOrToRunWithoutACa() {
    assertEquals(1, run("certs", "--out", dir.toString(), "--client", "b"), "no CA yet");
    assertEquals(0, run("certs", "--out", dir.toString()));
    assertEquals(0, run("certs", "--out", dir.toString(), "--client", "b"));
    assertEquals(1, run("certs", "--out", dir.toString(), "--client", "b"));
    assertEquals(0, run("certs", "--out", dir.toString(), "--client", "b", "--force"));
    assertEquals(2, run("certs", "--out", dir.toString(), "--client", "../evil"));
    assertEquals(2, run("certs", "--out", dir.toString(), "--client", "sidecar"));
  }
}
