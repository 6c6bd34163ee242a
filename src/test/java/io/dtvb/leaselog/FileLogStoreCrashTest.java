package io.dtvb.leaselog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer process killed at a random moment leaves a log that reopens cleanly and keeps every
 * acknowledged entry, with one appender or with concurrent ones sharing flushes.
 */
class FileLogStoreCrashTest {
  @TempDir Path dir;

  @Test
  void aKilledWriterLeavesALogThatReopensCleanly() throws Exception {
    Random random = new Random();
    long acknowledged = 0;
    for (int round = 0; round < 4; round++) {
      int killAfter = 1 + random.nextInt(400);
      Process child = startChild();
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
          StandardCharsets.UTF_8))) {
        String open = out.readLine();
        assertNotNull(open, "child did not start: " + stderr(child));
        assertEquals("open " + acknowledged, open, "the reopened size is what the last round left");
        for (int i = 0; i < killAfter; i++) {
          String line = out.readLine();
          assertNotNull(line, "child died by itself: " + stderr(child));
          acknowledged = Long.parseLong(line.substring("appended ".length()));
        }
        child.destroyForcibly(); // SIGKILL while it is somewhere inside a later append
        child.waitFor(); // (the child may have committed more appends that we did not read)
      }
      try (FileLogStore store = FileLogStore.open(dir)) {
        long size = FileLogStoreTest.checkIntegrity(store);
        assertTrue(size >= acknowledged, "acknowledged " + acknowledged + ", reopened with " + size);
        store.append(FileLogStoreTest::entry);
        acknowledged = FileLogStoreTest.checkIntegrity(store);
      }
    }
  }

  @Test
  void everyEntryAcknowledgedToConcurrentAppendersSurvivesAKill() throws Exception {
    Random random = new Random();
    Path log = dir.resolve("log");
    long size = 0;
    for (int round = 0; round < 3; round++) {
      int killAfter = 1 + random.nextInt(600);
      long highest = -1;
      Process child = startChild(log, "concurrent");
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
          StandardCharsets.UTF_8))) {
        assertEquals("open " + size, out.readLine(), "the reopened size is what the last round left");
        for (int i = 0; i < killAfter; i++) {
          String line = out.readLine();
          assertNotNull(line, "child died by itself: " + stderr(child));
          highest = Math.max(highest, Long.parseLong(line.substring("acknowledged ".length())));
        }
        child.destroyForcibly(); // SIGKILL while flushes are in flight
        child.waitFor();
      }
      try (FileLogStore store = FileLogStore.open(log)) {
        size = checkChain(store);
        assertTrue(size > highest, "entry " + highest + " was acknowledged, the reopened log has " + size);
      }
    }
  }

  /** Every entry decodes, names its index and the root before it; answers the size. */
  private static long checkChain(FileLogStore store) throws Exception {
    CompactRange range = new CompactRange();
    for (byte[] raw : store.entries(0, store.head().size())) {
      LogEntry e = LogEntry.decode(raw);
      assertEquals(range.size(), e.index());
      assertTrue(e.hasPrevRoot(range.root()), "prev_root of entry " + e.index());
      range.append(MerkleHashes.leaf(raw));
    }
    assertTrue(java.util.Arrays.equals(range.root(), store.head().root()));
    return range.size();
  }

  private Process startChild() throws Exception {
    return startChild(dir);
  }

  private Process startChild(Path log, String... mode) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", cp, CrashingAppender.class.getName(),
        log.toString()));
    command.addAll(List.of(mode));
    return new ProcessBuilder(command)
        .redirectError(dir.resolve("child.err").toFile())
        .start();
  }

  private String stderr(Process child) throws Exception {
    File err = dir.resolve("child.err").toFile();
    return err.exists() ? java.nio.file.Files.readString(err.toPath()) : "(no stderr)";
  }
}
