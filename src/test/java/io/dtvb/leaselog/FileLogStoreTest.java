package io.dtvb.leaselog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file store: the shared contract, and a real process killed mid-append. */
class FileLogStoreTest extends LogStoreContract {
  @TempDir
  Path dir;

  @Override
  LogStore openEmpty() throws Exception {
    return FileLogStore.open(dir);
  }

  @Override
  LogStore reopen() throws Exception {
    return FileLogStore.open(dir);
  }

  @Test
  void aProcessKilledWhileAppendingLeavesALogThatReopensCleanly() throws Exception {
    Random random = new Random();
    long lastSeen = 0;
    for (int round = 0; round < 4; round++) {
      Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), FileLogStoreCrashChild.class.getName(), dir.toString())
          .redirectErrorStream(true).start();
      long reported = 0;
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        int lines = 0;
        while ((line = out.readLine()) != null && lines < 3 + random.nextInt(20)) {
          if (line.startsWith("appended ")) {
            reported = Long.parseLong(line.substring(9));
            lines++;
          }
        }
        child.destroyForcibly();
      }
      child.waitFor();
      try (LogStore store = reopen()) {
        long size = store.head().size();
        assertTrue(size >= reported && size >= lastSeen, "lost appended entries: " + size + " < " + reported);
        List<byte[]> all = store.entries(0, size);
        CompactRange check = new CompactRange();
        for (byte[] e : all) {
          assertEquals(new String(LogStoreContract.entry(check.size(), check.root()), StandardCharsets.UTF_8),
              new String(e, StandardCharsets.UTF_8), "entry " + check.size() + " does not chain");
          check.append(MerkleHashes.leaf(e));
        }
        assertArrayEquals(check.root(), store.head().root());
        store.append(LogStoreContract::entry);
        lastSeen = size + 1;
      }
    }
  }
}
