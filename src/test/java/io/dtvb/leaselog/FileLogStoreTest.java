package io.dtvb.leaselog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLogStoreTest {
  @TempDir Path dir;

  /** Entry i is "i:<hex prev root>", so a reader can check the chain. */
  static byte[] entry(long index, byte[] prevRoot) {
    return (index + ":" + HexFormat.of().formatHex(prevRoot)).getBytes(StandardCharsets.UTF_8);
  }

  static void appendN(LogStore store, int n) throws LogStoreException {
    for (int i = 0; i < n; i++) {
      store.append(FileLogStoreTest::entry);
    }
  }

  /** Checks every entry, the chain and the head; answers the size. */
  static long checkIntegrity(LogStore store) throws LogStoreException {
    LogStore.Head head = store.head();
    List<byte[]> entries = store.entries(0, head.size());
    CompactRange range = new CompactRange();
    for (byte[] e : entries) {
      assertEquals(new String(entry(range.size(), range.root()), StandardCharsets.UTF_8),
          new String(e, StandardCharsets.UTF_8));
      range.append(MerkleHashes.leaf(e));
    }
    assertArrayEquals(range.root(), head.root());
    List<byte[]> leaves = new ArrayList<>();
    entries.forEach(e -> leaves.add(MerkleHashes.leaf(e)));
    assertArrayEquals(CompactRangePropertiesTest.recursiveRoot(leaves), head.root());
    return head.size();
  }

  @Test
  void appendsReadBackAndSurviveReopening() throws Exception {
    try (FileLogStore store = FileLogStore.open(dir)) {
      assertEquals(0, store.head().size());
      assertArrayEquals(MerkleHashes.emptyRoot(), store.head().root());
      appendN(store, 37);
      assertEquals(37, checkIntegrity(store));
      assertEquals("5:", new String(store.entries(5, 6).get(0), StandardCharsets.UTF_8).substring(0, 2));
    }
    try (FileLogStore store = FileLogStore.open(dir)) {
      assertEquals(37, checkIntegrity(store));
      appendN(store, 3);
      assertEquals(40, checkIntegrity(store));
    }
  }

  @Test
  void aSecondOpenOfTheSameLogIsRefused() throws Exception {
    try (FileLogStore store = FileLogStore.open(dir)) {
      assertThrows(LogStoreException.class, () -> FileLogStore.open(dir));
    }
    FileLogStore.open(dir).close();
  }

  @Test
  void aPartialRecordHeaderIsCutOff() throws Exception {
    damage(bytes(dir.resolve("entries.dat"), new byte[] {0, 0, 0}), null);
  }

  @Test
  void aRecordWithoutItsIndexSlotIsCutOff() throws Exception {
    byte[] e = "10:x".getBytes(StandardCharsets.UTF_8);
    ByteBuffer rec = ByteBuffer.allocate(8 + e.length).putInt(e.length).putInt(0).put(e);
    damage(bytes(dir.resolve("entries.dat"), rec.array()), null);
  }

  @Test
  void aTornIndexSlotIsCutOff() throws Exception {
    damage(null, bytes(dir.resolve("entries.idx"), new byte[] {0, 0, 0, 0, 0}));
  }

  @Test
  void anIndexSlotPastTheDataIsCutOff() throws Exception {
    damage(null, bytes(dir.resolve("entries.idx"), ByteBuffer.allocate(8).putLong(1 << 20).array()));
  }

  @Test
  void aTruncatedLastRecordIsCutOffWithItsSlot() throws Exception {
    try (FileLogStore store = FileLogStore.open(dir)) {
      appendN(store, 10);
    }
    Path data = dir.resolve("entries.dat");
    try (FileChannel ch = FileChannel.open(data, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() - 5);
    }
    try (FileLogStore store = FileLogStore.open(dir)) {
      assertEquals(9, checkIntegrity(store));
      appendN(store, 2);
      assertEquals(11, checkIntegrity(store));
    }
  }

  @Test
  void aDamagedCommittedRecordRefusesToOpenAndIsLeftAsItIs() throws Exception {
    try (FileLogStore store = FileLogStore.open(dir)) {
      appendN(store, 10);
    }
    Path data = dir.resolve("entries.dat");
    byte[] all = Files.readAllBytes(data);
    for (int at : new int[] {20, all.length - 3}) {
      byte[] bad = all.clone();
      bad[at] ^= 1;
      Files.write(data, bad);
      LogStoreException e = assertThrows(LogStoreException.class, () -> FileLogStore.open(dir));
      assertTrue(e.getMessage().contains("corrupt although it was committed"), e.getMessage());
      assertArrayEquals(bad, Files.readAllBytes(data));
      assertEquals(80, Files.size(dir.resolve("entries.idx")));
    }
  }

  @Test
  void aValidRecordWithoutItsSlotIsKeptAndItsSlotRebuilt() throws Exception {
    try (FileLogStore store = FileLogStore.open(dir)) {
      appendN(store, 10);
    }
    try (FileChannel ch = FileChannel.open(dir.resolve("entries.idx"), StandardOpenOption.WRITE)) {
      ch.truncate(9 * 8 + 3);
    }
    try (FileLogStore store = FileLogStore.open(dir)) {
      assertEquals(10, checkIntegrity(store));
      assertEquals(80, Files.size(dir.resolve("entries.idx")));
    }
  }

  @Test
  void aLostIndexIsRebuiltFromTheRecords() throws Exception {
    try (FileLogStore store = FileLogStore.open(dir)) {
      appendN(store, 10);
    }
    Files.delete(dir.resolve("entries.idx"));
    try (FileLogStore store = FileLogStore.open(dir)) {
      assertEquals(10, checkIntegrity(store));
      assertEquals("7:", new String(store.entries(7, 8).get(0), StandardCharsets.UTF_8).substring(0, 2));
    }
  }

  @Test
  void aWrongIndexSlotIsRewrittenFromTheRecords() throws Exception {
    try (FileLogStore store = FileLogStore.open(dir)) {
      appendN(store, 10);
    }
    try (FileChannel ch = FileChannel.open(dir.resolve("entries.idx"), StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.allocate(8).putLong(0, 12345), 4 * 8);
    }
    try (FileLogStore store = FileLogStore.open(dir)) {
      assertEquals(10, checkIntegrity(store));
    }
  }

  /** Ten good entries, then the damage; the reopened log has the ten and appends on. */
  private void damage(Runnable dataDamage, Runnable indexDamage) throws Exception {
    try (FileLogStore store = FileLogStore.open(dir)) {
      appendN(store, 10);
    }
    long dataSize = Files.size(dir.resolve("entries.dat"));
    if (dataDamage != null) {
      dataDamage.run();
    }
    if (indexDamage != null) {
      indexDamage.run();
    }
    try (FileLogStore store = FileLogStore.open(dir)) {
      assertEquals(10, checkIntegrity(store));
      assertEquals(dataSize, Files.size(dir.resolve("entries.dat")));
      assertEquals(80, Files.size(dir.resolve("entries.idx")));
      appendN(store, 5);
      assertEquals(15, checkIntegrity(store));
    }
    try (FileLogStore store = FileLogStore.open(dir)) {
      assertEquals(15, checkIntegrity(store));
    }
  }

  private static Runnable bytes(Path file, byte[] tail) {
    return () -> {
      try {
        Files.write(file, tail, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    };
  }
}
