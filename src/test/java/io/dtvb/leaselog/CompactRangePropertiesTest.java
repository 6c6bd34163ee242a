package io.dtvb.leaselog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.dtvb.testing.Seeded;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The right edge gives the same root as RFC 6962's recursive definition, for every tree size. */
class CompactRangePropertiesTest {

  static Stream<Arguments> sizes() {
    return Seeded.cases(200, Seeded.ints(0, 300));
  }

  @ParameterizedTest
  @MethodSource("sizes")
  void rootEqualsTheRecursiveDefinition(int size) {
    List<byte[]> leaves = leaves(size);
    CompactRange range = new CompactRange();
    leaves.forEach(range::append);

    assertArrayEquals(recursiveRoot(leaves), range.root());
    CompactRange restored = new CompactRange(range.size(), range.subtrees());
    assertArrayEquals(range.root(), restored.root());
  }

  @Test
  void emptyTreeRootIsTheHashOfNothing() {
    assertArrayEquals(MerkleHashes.emptyRoot(), new CompactRange().root());
    assertArrayEquals(java.util.HexFormat.of().parseHex(
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), MerkleHashes.emptyRoot());
  }

  @Test
  void threeLeavesHashAsRfc6962Says() {
    List<byte[]> l = leaves(3);
    CompactRange range = new CompactRange();
    l.forEach(range::append);

    assertArrayEquals(MerkleHashes.node(MerkleHashes.node(l.get(0), l.get(1)), l.get(2)), range.root());
  }

  static List<byte[]> leaves(int n) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(MerkleHashes.leaf(("entry-" + i).getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  /** MTH as RFC 6962 §2.1 defines it: split at the largest power of two below n. */
  static byte[] recursiveRoot(List<byte[]> leafHashes) {
    int n = leafHashes.size();
    if (n == 0) {
      return MerkleHashes.emptyRoot();
    }
    if (n == 1) {
      return leafHashes.get(0);
    }
    int k = Integer.highestOneBit(n - 1);
    return MerkleHashes.node(recursiveRoot(leafHashes.subList(0, k)), recursiveRoot(leafHashes.subList(k, n)));
  }
}
