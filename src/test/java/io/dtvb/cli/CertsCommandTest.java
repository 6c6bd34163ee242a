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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CertsCommandTest {

  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    return new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute(args);
  }

  @Test
  void writesTheSixFilesAndSaysWhatItWrote() throws Exception {
    Path target = dir.resolve("pki");

    assertEquals(0, run("certs", "--out", target.toString()));

    for (String name : PkiBundle.FILE_NAMES) {
      assertTrue(Files.exists(target.resolve(name)), name);
      assertTrue(out.toString().contains(target.resolve(name).toString()), name);
    }
    assertEquals("rw-------", PosixFilePermissions.toString(
        Files.getPosixFilePermissions(target.resolve(PkiBundle.SIDECAR_KEY))));
    assertTrue(out.toString().contains("localhost, 127.0.0.1"));
    assertTrue(!out.toString().contains("PRIVATE KEY-----"), "never prints key material");
  }

  @Test
  void addsExtraNamesAndHonoursDays() throws Exception {
    assertEquals(0, run("certs", "--out", dir.toString(), "--san", "vault-sidecar", "--san", "10.0.0.7",
        "--days", "3"));

    var sidecar = Pem.decodeCertificate(Files.readString(dir.resolve(PkiBundle.SIDECAR_CERT)));
    assertTrue(sidecar.getSubjectAlternativeNames().contains(List.of(2, "vault-sidecar")));
    assertTrue(sidecar.getSubjectAlternativeNames().contains(List.of(7, "10.0.0.7")));
    Instant end = sidecar.getNotAfter().toInstant();
    assertTrue(end.isBefore(Instant.now().plus(Duration.ofDays(3)).plusSeconds(60)));
    assertTrue(end.isAfter(Instant.now().plus(Duration.ofDays(2))));
  }

  @Test
  void refusesToOverwriteWithoutForce() throws Exception {
    assertEquals(0, run("certs", "--out", dir.toString()));
    String caBefore = Files.readString(dir.resolve(PkiBundle.CA_CERT));

    assertEquals(1, run("certs", "--out", dir.toString()));

    assertEquals(caBefore, Files.readString(dir.resolve(PkiBundle.CA_CERT)));
    assertTrue(err.toString().contains("--force"));
  }

  @Test
  void forceReplacesEveryFile() throws Exception {
    assertEquals(0, run("certs", "--out", dir.toString()));
    String caBefore = Files.readString(dir.resolve(PkiBundle.CA_CERT));

    assertEquals(0, run("certs", "--out", dir.toString(), "--force"));

    assertNotEquals(caBefore, Files.readString(dir.resolve(PkiBundle.CA_CERT)));
  }

  @Test
  void rejectsNamesThatAreNeitherHostNorIp() {
    assertEquals(2, run("certs", "--out", dir.toString(), "--san", "not a host"));

    assertTrue(PkiBundle.existingFiles(dir).isEmpty());
  }

  @Test
  void rejectsNonPositiveDays() {
    assertEquals(2, run("certs", "--out", dir.toString(), "--days", "0"));
  }
}
