package io.dtvb.leaselog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogKeyTest {
  @TempDir Path dir;

  @Test
  void firstStartCreatesAnOwnerOnlyKeyFileAndLaterStartsLoadIt() throws Exception {
    LogKey first = LogKey.loadOrCreate(dir.resolve("keys"), "log-a");
    Path file = dir.resolve("keys").resolve(LogKey.FILE_NAME);

    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    LogKey again = LogKey.loadOrCreate(dir.resolve("keys"), "log-a");
    assertEquals(first.verifier(), again.verifier());
    assertTrue(Files.readString(file).startsWith("PRIVATE+KEY+log-a+"));
    try (var files = Files.list(dir.resolve("keys"))) {
      assertEquals(1, files.count(), "no temporary file left behind");
    }
  }

  @Test
  void everyCreatedKeyLoadsBack() throws Exception {
    for (int i = 0; i < 32; i++) {
      Path d = dir.resolve("k" + i);
      assertEquals(LogKey.loadOrCreate(d, "log-a").verifier(), LogKey.load(d.resolve(LogKey.FILE_NAME)).verifier());
    }
  }

  @Test
  void refusesAKeyFileThatGroupOrOthersCanRead() throws Exception {
    LogKey.loadOrCreate(dir, "log-a");
    Files.setPosixFilePermissions(dir.resolve(LogKey.FILE_NAME), PosixFilePermissions.fromString("rw-r-----"));

    IOException e = assertThrows(IOException.class, () -> LogKey.loadOrCreate(dir, "log-a"));
    assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
  }

  @Test
  void refusesAKeyFileOfAnotherLog() throws Exception {
    LogKey.loadOrCreate(dir, "log-a");

    assertThrows(IOException.class, () -> LogKey.loadOrCreate(dir, "log-b"));
  }

  @Test
  void refusesACorruptKeyFile() throws Exception {
    LogKey.loadOrCreate(dir, "log-a");
    Path file = dir.resolve(LogKey.FILE_NAME);
    String text = Files.readString(file);
    Files.writeString(file, text.replace("+log-a+", "+log-a+0"));

    assertThrows(IOException.class, () -> LogKey.load(file));
  }

  @Test
  void signaturesVerifyWithTheExportedVerifierKeyOnly() throws Exception {
    LogKey key = LogKey.loadOrCreate(dir, "log-a");
    byte[] msg = "hello\n".getBytes();
    byte[] sig = key.sign(msg);

    VerifierKey exported = VerifierKey.parse(key.verifier().encoded());
    assertTrue(exported.verify(msg, sig));
    assertTrue(!exported.verify("hellO\n".getBytes(), sig));
    assertTrue(!LogKey.generate("log-a").verifier().verify(msg, sig));
  }
}
