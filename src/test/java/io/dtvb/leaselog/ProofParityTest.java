package io.dtvb.leaselog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.testing.Seeded;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proofs read from stored subtree hashes equal those the log gave before ({@link
 * LeafListProofsOracle}, which rehashes from every leaf), on seeded random trees, for every
 * store: the file store (its tree file, also across a reopen), PostgreSQL (its nodes table) and
 * a store that keeps no nodes (computed from the leaves). Tree sizes, indices and old sizes are
 * drawn at random, including every tree size below the head, not only the head.
 */
class ProofParityTest {
  private static final String PG_URL = System.getenv("DVB_TEST_PG_URL");

  @TempDir Path dir;

  static Stream<Arguments> trees() {
    return Seeded.cases(25, Seeded.longs(Long.MIN_VALUE, Long.MAX_VALUE));
  }

  static Stream<Arguments> fewTrees() {
    return Seeded.cases(6, Seeded.longs(Long.MIN_VALUE, Long.MAX_VALUE));
  }

  @ParameterizedTest
  @MethodSource("trees")
  void fileStoreProofsEqualTheOracle(long seed) throws Exception {
    Random r = new Random(seed);
    List<byte[]> leaves = new ArrayList<>();
    int size = 1 + r.nextInt(1500);
    int first = r.nextInt(size + 1);
    try (FileLogStore store = FileLogStore.open(dir)) {
      append(store, first, r, leaves);
    }
    try (FileLogStore store = FileLogStore.open(dir)) { // the tree file is checked, then extended
      append(store, size - first, r, leaves);
      compare(store, leaves, r);
    }
  }

  @ParameterizedTest
  @MethodSource("trees")
  void aStoreWithoutNodesGivesTheSameProofs(long seed) throws Exception {
    Random r = new Random(seed);
    List<byte[]> leaves = new ArrayList<>();
    try (MemoryLogStore store = new MemoryLogStore()) {
      append(store, 1 + r.nextInt(1500), r, leaves);
      compare(store, leaves, r);
    }
  }

  @ParameterizedTest
  @MethodSource("fewTrees")
  void postgresProofsEqualTheOracle(long seed) throws Exception {
    Assumptions.assumeTrue(PG_URL != null && !PG_URL.isBlank(),
        "DVB_TEST_PG_URL is not set: run scripts/test.sh, which starts a throwaway PostgreSQL");
    try (Connection c = DriverManager.getConnection(PG_URL); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS dvb_lease_log_entries, dvb_lease_log_head, dvb_lease_log_nodes");
    }
    Random r = new Random(seed);
    List<byte[]> leaves = new ArrayList<>();
    try (PostgresLogStore store = PostgresLogStore.open(PG_URL, null, null)) {
      append(store, 1 + r.nextInt(700), r, leaves);
      compare(store, leaves, r);
    }
  }

  /** Appends {@code n} random entries in random batch sizes, recording their leaf hashes. */
  static void append(LogStore store, int n, Random r, List<byte[]> leaves) throws LogStoreException {
    int left = n;
    while (left > 0) {
      int batch = Math.min(left, 1 + r.nextInt(40));
      List<LogStore.EntryBuilder> builders = new ArrayList<>();
      for (int i = 0; i < batch; i++) {
        byte[] entry = new byte[1 + r.nextInt(64)];
        r.nextBytes(entry);
        leaves.add(MerkleHashes.leaf(entry));
        builders.add((index, root) -> entry);
      }
      store.appendAll(builders);
      left -= batch;
    }
  }

  static void compare(LogStore store, List<byte[]> leaves, Random r) throws LogStoreException {
    LeaseLog log = new LeaseLog(store, LogKey.generate("parity"), "parity");
    int n = leaves.size();
    for (int t = 0; t < 40; t++) {
      int treeSize = t == 0 ? n : 1 + r.nextInt(n);
      List<byte[]> tree = leaves.subList(0, treeSize);
      byte[] root = CompactRangePropertiesTest.recursiveRoot(tree);
      int index = r.nextInt(treeSize);
      List<byte[]> inclusion = log.inclusionProof(index, treeSize);
      assertEquals(hex(LeafListProofsOracle.inclusionProof(index, tree)), hex(inclusion),
          "inclusion of " + index + " in " + treeSize);
      assertTrue(MerkleProofs.verifyInclusion(tree.get(index), index, treeSize, inclusion, root));
      int oldSize = r.nextInt(treeSize + 1);
      List<byte[]> consistency = log.consistencyProof(oldSize, treeSize);
      assertEquals(hex(LeafListProofsOracle.consistencyProof(oldSize, tree)), hex(consistency),
          "consistency " + oldSize + " -> " + treeSize);
      assertTrue(MerkleProofs.verifyConsistency(oldSize, treeSize,
          CompactRangePropertiesTest.recursiveRoot(tree.subList(0, oldSize)), root, consistency));
    }
  }

  static List<String> hex(List<byte[]> hashes) {
    return hashes.stream().map(HexFormat.of()::formatHex).toList();
  }
}
