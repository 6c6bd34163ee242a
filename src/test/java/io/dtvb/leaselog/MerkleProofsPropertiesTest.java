package io.dtvb.leaselog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Every proof made for trees of 0..N leaves verifies, and any change to it is caught. */
class MerkleProofsPropertiesTest {

  @Property(tries = 300)
  void everyInclusionProofVerifiesAndATamperedOneDoesNot(@ForAll @IntRange(min = 1, max = 70) int size,
      @ForAll @IntRange(min = 0, max = 69) int rawIndex) {
    List<byte[]> leaves = CompactRangePropertiesTest.leaves(size);
    int index = rawIndex % size;
    byte[] root = CompactRangePropertiesTest.recursiveRoot(leaves);
    List<byte[]> proof = MerkleProofs.inclusionProof(leaves, index, size);

    assertTrue(MerkleProofs.verifyInclusion(leaves.get(index), index, size, proof, root));
    assertFalse(MerkleProofs.verifyInclusion(MerkleHashes.leaf(new byte[] {1}), index, size, proof, root));
    if (size > 1) {
      assertFalse(MerkleProofs.verifyInclusion(leaves.get(index), (index + 1) % size, size, proof, root),
          "wrong index");
    }
    if (!proof.isEmpty()) {
      List<byte[]> flipped = new ArrayList<>(proof);
      byte[] first = flipped.get(0).clone();
      first[0] ^= 1;
      flipped.set(0, first);
      assertFalse(MerkleProofs.verifyInclusion(leaves.get(index), index, size, flipped, root), "flipped sibling");
      assertFalse(MerkleProofs.verifyInclusion(leaves.get(index), index, size, proof.subList(0, proof.size() - 1),
          root), "truncated");
    }
    List<byte[]> extra = new ArrayList<>(proof);
    extra.add(leaves.get(0));
    assertFalse(MerkleProofs.verifyInclusion(leaves.get(index), index, size, extra, root), "extra node");
  }

  @Property(tries = 300)
  void everyConsistencyProofVerifiesAndATamperedOneDoesNot(@ForAll @IntRange(min = 0, max = 70) int newSize,
      @ForAll @IntRange(min = 0, max = 70) int rawOld) {
    List<byte[]> leaves = CompactRangePropertiesTest.leaves(newSize);
    int oldSize = newSize == 0 ? 0 : rawOld % (newSize + 1);
    byte[] oldRoot = CompactRangePropertiesTest.recursiveRoot(leaves.subList(0, oldSize));
    byte[] newRoot = CompactRangePropertiesTest.recursiveRoot(leaves);
    List<byte[]> proof = MerkleProofs.consistencyProof(leaves, oldSize, newSize);

    assertTrue(MerkleProofs.verifyConsistency(oldSize, newSize, oldRoot, newRoot, proof));
    if (oldSize > 0 && oldSize < newSize) {
      byte[] wrongOld = oldRoot.clone();
      wrongOld[3] ^= 4;
      assertFalse(MerkleProofs.verifyConsistency(oldSize, newSize, wrongOld, newRoot, proof), "wrong old root");
      List<byte[]> flipped = new ArrayList<>(proof);
      byte[] last = flipped.get(flipped.size() - 1).clone();
      last[0] ^= 1;
      flipped.set(flipped.size() - 1, last);
      assertFalse(MerkleProofs.verifyConsistency(oldSize, newSize, oldRoot, newRoot, flipped), "flipped node");
      assertFalse(MerkleProofs.verifyConsistency(oldSize, newSize, oldRoot, newRoot, proof.subList(1, proof.size())),
          "first node dropped");
    }
  }

  @Property(tries = 100)
  void rootOfARangeEqualsTheRecursiveDefinition(@ForAll @IntRange(min = 0, max = 100) int size) {
    List<byte[]> leaves = CompactRangePropertiesTest.leaves(size);
    assertArrayEquals(CompactRangePropertiesTest.recursiveRoot(leaves), MerkleProofs.root(leaves, 0, size));
  }
}
