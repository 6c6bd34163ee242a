package io.dtvb.leaselog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.testing.Seeded;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proofs equal those of RFC 6962's recursive PATH/PROOF definitions (computed independently here),
 * verify for every index and size, and every corruption of a valid proof is refused.
 */
class MerkleProofsTest {

  // ---- the independent reference: RFC 6962 §2.1.1 and §2.1.2 written as the RFC writes them ----

  static List<byte[]> path(int m, List<byte[]> d) {
    int n = d.size();
    List<byte[]> out = new ArrayList<>();
    if (n <= 1) {
      return out;
    }
    int k = Integer.highestOneBit(n - 1);
    if (m < k) {
      out.addAll(path(m, d.subList(0, k)));
      out.add(CompactRangePropertiesTest.recursiveRoot(d.subList(k, n)));
    } else {
      out.addAll(path(m - k, d.subList(k, n)));
      out.add(CompactRangePropertiesTest.recursiveRoot(d.subList(0, k)));
    }
    return out;
  }

  static List<byte[]> subproof(int m, List<byte[]> d, boolean b) {
    int n = d.size();
    List<byte[]> out = new ArrayList<>();
    if (m == n) {
      if (!b) {
        out.add(CompactRangePropertiesTest.recursiveRoot(d));
      }
      return out;
    }
    int k = Integer.highestOneBit(n - 1);
    if (m <= k) {
      out.addAll(subproof(m, d.subList(0, k), b));
      out.add(CompactRangePropertiesTest.recursiveRoot(d.subList(k, n)));
    } else {
      out.addAll(subproof(m - k, d.subList(k, n), false));
      out.add(CompactRangePropertiesTest.recursiveRoot(d.subList(0, k)));
    }
    return out;
  }

  static List<byte[]> proof(int m, List<byte[]> d) {
    return m == 0 || m == d.size() ? new ArrayList<>() : subproof(m, d, true);
  }

  static List<byte[]> leaves(int n) {
    return CompactRangePropertiesTest.leaves(n);
  }

  static byte[] root(List<byte[]> leaves) {
    return CompactRangePropertiesTest.recursiveRoot(leaves);
  }

  static List<String> hex(List<byte[]> hashes) {
    return hashes.stream().map(HexFormat.of()::formatHex).toList();
  }

  // ---- properties over tree sizes 0..N ----

  static Stream<Arguments> sizesFromOne() {
    return Seeded.cases(60, Seeded.ints(1, 70));
  }

  static Stream<Arguments> sizesFromZero() {
    return Seeded.cases(60, Seeded.ints(0, 70));
  }

  /** Sizes 2..40: 39 of them, fewer than the 40 tries, so each is tried. */
  static Stream<Arguments> everySizeFromTwo() {
    return Seeded.each(IntStream.rangeClosed(2, 40).boxed().toList());
  }

  @ParameterizedTest
  @MethodSource("sizesFromOne")
  void everyInclusionProofMatchesTheRfcAndVerifies(int n) {
    List<byte[]> d = leaves(n);
    byte[] root = root(d);
    for (int m = 0; m < n; m++) {
      List<byte[]> p = LeafStore.inclusionProof(m, d);
      assertEquals(hex(path(m, d)), hex(p), "leaf " + m + " of " + n);
      assertTrue(MerkleProofs.verifyInclusion(d.get(m), m, n, p, root), "leaf " + m + " of " + n);
    }
  }

  @ParameterizedTest
  @MethodSource("sizesFromZero")
  void everyConsistencyProofMatchesTheRfcAndVerifies(int n) {
    List<byte[]> d = leaves(n);
    for (int m = 0; m <= n; m++) {
      List<byte[]> p = LeafStore.consistencyProof(m, d);
      assertEquals(hex(proof(m, d)), hex(p), m + " -> " + n);
      assertTrue(MerkleProofs.verifyConsistency(m, n, root(d.subList(0, m)), root(d), p), m + " -> " + n);
    }
  }

  @ParameterizedTest
  @MethodSource("everySizeFromTwo")
  void anInclusionProofDoesNotProveAnotherLeafOrPosition(int n) {
    List<byte[]> d = leaves(n);
    byte[] root = root(d);
    for (int m = 0; m < n; m++) {
      List<byte[]> p = LeafStore.inclusionProof(m, d);
      int other = (m + 1) % n;
      assertFalse(MerkleProofs.verifyInclusion(d.get(other), m, n, p, root));
      assertFalse(MerkleProofs.verifyInclusion(d.get(m), other, n, p, root));
    }
  }

  @ParameterizedTest
  @MethodSource("everySizeFromTwo")
  void aConsistencyProofFailsAgainstAnAlteredOldTree(int n) {
    List<byte[]> d = leaves(n);
    for (int m = 1; m < n; m++) {
      List<byte[]> altered = new ArrayList<>(d.subList(0, m));
      altered.set(m - 1, MerkleHashes.leaf(new byte[] {42}));
      List<byte[]> p = LeafStore.consistencyProof(m, d);
      assertFalse(MerkleProofs.verifyConsistency(m, n, root(altered), root(d), p), m + " -> " + n);
    }
  }

  // ---- fixed vectors (size 7, the RFC's own example tree shape) ----

  @Test
  void inclusionOfLeaf3InSevenIsItsSiblingThenTwoSubtrees() {
    List<byte[]> d = leaves(7);
    List<byte[]> p = LeafStore.inclusionProof(3, d);
    assertEquals(hex(List.of(d.get(2), MerkleHashes.node(d.get(0), d.get(1)), root(d.subList(4, 7)))), hex(p));
  }

  @Test
  void consistencyFromThreeToSevenIsTheRfcExample() {
    // RFC 6962 §2.1.3: PROOF(3, D[7]) = [c, d, g, l]
    List<byte[]> d = leaves(7);
    byte[] c = d.get(2);
    byte[] dd = d.get(3);
    byte[] g = MerkleHashes.node(d.get(0), d.get(1));
    byte[] l = root(d.subList(4, 7));
    assertEquals(hex(List.of(c, dd, g, l)), hex(LeafStore.consistencyProof(3, d)));
    assertEquals(hex(List.of(l)), hex(LeafStore.consistencyProof(4, d)));
    assertEquals(List.of(), hex(LeafStore.consistencyProof(7, d)));
  }

  // ---- corrupted proofs, each named after its corruption ----

  static final List<byte[]> D = leaves(11);
  static final byte[] ROOT = root(D);
  static final int LEAF = 5;
  static final List<byte[]> INCLUSION = LeafStore.inclusionProof(LEAF, D);
  static final int OLD = 6;
  static final List<byte[]> CONSISTENCY = LeafStore.consistencyProof(OLD, D);
  static final byte[] OLD_ROOT = root(D.subList(0, OLD));

  static boolean inclusion(List<byte[]> proof, long index, long size) {
    return MerkleProofs.verifyInclusion(D.get(LEAF), index, size, proof, ROOT);
  }

  static boolean consistency(List<byte[]> proof, long oldSize, long newSize) {
    return MerkleProofs.verifyConsistency(oldSize, newSize, OLD_ROOT, ROOT, proof);
  }

  static List<byte[]> wrongSibling(List<byte[]> p, int at) {
    List<byte[]> out = new ArrayList<>(p);
    byte[] h = out.get(at).clone();
    h[0] ^= 1;
    out.set(at, h);
    return out;
  }

  @Test
  void validProofsOfTheCorruptionFixturesVerify() {
    assertTrue(inclusion(INCLUSION, LEAF, 11));
    assertTrue(consistency(CONSISTENCY, OLD, 11));
  }

  @Test
  void inclusionWithAWrongSiblingFails() {
    for (int at = 0; at < INCLUSION.size(); at++) {
      assertFalse(inclusion(wrongSibling(INCLUSION, at), LEAF, 11), "sibling " + at);
    }
  }

  @Test
  void truncatedInclusionFails() {
    assertFalse(inclusion(INCLUSION.subList(0, INCLUSION.size() - 1), LEAF, 11));
    assertFalse(inclusion(List.of(), LEAF, 11));
  }

  @Test
  void inclusionWithAnExtraNodeFails() {
    List<byte[]> extra = new ArrayList<>(INCLUSION);
    extra.add(D.get(0));
    assertFalse(inclusion(extra, LEAF, 11));
  }

  @Test
  void inclusionAtAWrongIndexFails() {
    for (long i : new long[] {LEAF - 1, LEAF + 1, -1, 11, 12}) {
      assertFalse(inclusion(INCLUSION, i, 11), "index " + i);
    }
  }

  /** Sizes 9..16 give leaf 5 the same path shape (the checkpoint, not the proof, fixes the size). */
  @Test
  void inclusionWithATreeSizeOfAnotherShapeFails() {
    for (long n : new long[] {8, 7, 17, 0, LEAF}) {
      assertFalse(inclusion(INCLUSION, LEAF, n), "size " + n);
    }
  }

  @Test
  void inclusionWithSwappedOrderFails() {
    List<byte[]> swapped = new ArrayList<>(INCLUSION);
    java.util.Collections.swap(swapped, 0, 1);
    assertFalse(inclusion(swapped, LEAF, 11));
  }

  @Test
  void inclusionWithAShortHashFails() {
    List<byte[]> shortHash = new ArrayList<>(INCLUSION);
    shortHash.set(0, java.util.Arrays.copyOf(INCLUSION.get(0), 31));
    assertFalse(inclusion(shortHash, LEAF, 11));
  }

  @Test
  void consistencyWithAWrongNodeFails() {
    for (int at = 0; at < CONSISTENCY.size(); at++) {
      assertFalse(consistency(wrongSibling(CONSISTENCY, at), OLD, 11), "node " + at);
    }
  }

  @Test
  void truncatedConsistencyFails() {
    assertFalse(consistency(CONSISTENCY.subList(0, CONSISTENCY.size() - 1), OLD, 11));
    assertFalse(consistency(List.of(), OLD, 11));
  }

  @Test
  void consistencyWithAnExtraNodeFails() {
    List<byte[]> extra = new ArrayList<>(CONSISTENCY);
    extra.add(D.get(0));
    assertFalse(consistency(extra, OLD, 11));
  }

  @Test
  void consistencyWithWrongSizesFails() {
    assertFalse(consistency(CONSISTENCY, OLD - 1, 11));
    assertFalse(consistency(CONSISTENCY, OLD + 1, 11));
    assertFalse(consistency(CONSISTENCY, OLD, 8));
    assertFalse(consistency(CONSISTENCY, OLD, 17));
    assertFalse(consistency(CONSISTENCY, 12, 11));
  }

  @Test
  void consistencyWithSwappedOrderFails() {
    List<byte[]> swapped = new ArrayList<>(CONSISTENCY);
    java.util.Collections.swap(swapped, 0, 1);
    assertFalse(consistency(swapped, OLD, 11));
  }

  @Test
  void consistencyWithSwappedRootsFails() {
    assertFalse(MerkleProofs.verifyConsistency(OLD, 11, ROOT, OLD_ROOT, CONSISTENCY));
  }

  @Test
  void equalSizesNeedEqualRootsAndAnEmptyProof() {
    assertTrue(MerkleProofs.verifyConsistency(11, 11, ROOT, ROOT, List.of()));
    assertFalse(MerkleProofs.verifyConsistency(11, 11, OLD_ROOT, ROOT, List.of()));
    assertFalse(MerkleProofs.verifyConsistency(11, 11, ROOT, ROOT, List.of(ROOT)));
  }

  @Test
  void theEmptyTreeIsConsistentWithEveryTreeOnlyByAnEmptyProof() {
    assertTrue(MerkleProofs.verifyConsistency(0, 11, MerkleHashes.emptyRoot(), ROOT, List.of()));
    assertFalse(MerkleProofs.verifyConsistency(0, 11, ROOT, ROOT, List.of()));
    assertFalse(MerkleProofs.verifyConsistency(0, 11, MerkleHashes.emptyRoot(), ROOT, List.of(ROOT)));
  }
}
