package io.dtvb.leaselog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dtvb.testing.Seeded;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The file store's {@code entries.tree} is a cache that open never trusts: whatever happened to it
 * (deleted, cut short, a flipped byte, garbage after its end), the reopened store holds exactly the
 * nodes the entries give and answers the oracle's proofs.
 */
class TreeFileTest {
  @TempDir Path dir;

  enum Damage { DELETED, TRUNCATED, FLIPPED_BYTE, GARBAGE_APPENDED, EMPTIED }

  static Stream<Arguments> damages() {
    return Seeded.cases(30, Seeded.values(Damage.values()), Seeded.longs(Long.MIN_VALUE, Long.MAX_VALUE));
  }

  @ParameterizedTest
  @MethodSource("damages")
  void aDamagedTreeFileIsRebuiltFromTheEntriesAtOpen(Damage damage, long seed) throws Exception {
    Random r = new Random(seed);
    List<byte[]> leaves = new ArrayList<>();
    try (FileLogStore store = FileLogStore.open(dir)) {
      ProofParityTest.append(store, 1 + r.nextInt(600), r, leaves);
    }
    Path tree = dir.resolve("entries.tree");
    long length = Files.size(tree);
    switch (damage) {
      case DELETED -> Files.delete(tree);
      case TRUNCATED -> truncate(tree, r.nextInt((int) length));
      case FLIPPED_BYTE -> flip(tree, r.nextInt((int) length));
      case GARBAGE_APPENDED -> Files.write(tree, new byte[1 + r.nextInt(100)], StandardOpenOption.APPEND);
      case EMPTIED -> truncate(tree, 0);
    }
    try (FileLogStore store = FileLogStore.open(dir)) {
      assertEquals(TreeLayout.count(leaves.size()) * MerkleHashes.SIZE, Files.size(tree));
      assertNodesAre(expectedNodes(leaves), store);
      ProofParityTest.compare(store, leaves, r);
      ProofParityTest.append(store, 1 + r.nextInt(50), r, leaves);
      assertNodesAre(expectedNodes(leaves), store);
    }
  }

  @Test
  void nodesAreNumberedInPostOrder() {
    // leaves 0, 1, then their parent, leaf 2, leaf 3, their parent, then the root of all four
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L), List.of(TreeLayout.position(0, 0), TreeLayout.position(0, 1),
        TreeLayout.position(1, 0), TreeLayout.position(0, 2), TreeLayout.position(0, 3), TreeLayout.position(1, 1),
        TreeLayout.position(2, 0)));
    assertEquals(7, TreeLayout.count(4));
    assertEquals(2 * 1_000_000L - Long.bitCount(1_000_000L), TreeLayout.count(1_000_000L));
  }

  static Map<Long, byte[]> expectedNodes(List<byte[]> leaves) {
    Map<Long, byte[]> out = new HashMap<>();
    CompactRange range = new CompactRange();
    leaves.forEach(l -> range.append(l, (level, i, h) -> out.put(TreeLayout.position(level, i), h)));
    return out;
  }

  static void assertNodesAre(Map<Long, byte[]> expected, LogStore store) throws LogStoreException {
    long[] positions = new long[expected.size()];
    for (int i = 0; i < positions.length; i++) {
      positions[i] = i;
    }
    byte[][] stored = store.nodes(positions);
    for (int i = 0; i < positions.length; i++) {
      assertArrayEquals(expected.get((long) i), stored[i], "node at " + i);
    }
  }

  private static void truncate(Path file, long size) throws Exception {
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
      c.truncate(size);
    }
  }

  private static void flip(Path file, long at) throws Exception {
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      c.read(b, at);
      b.put(0, (byte) (b.get(0) ^ 0x01)).rewind();
      c.write(b, at);
    }
  }
}
