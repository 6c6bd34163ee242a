package io.dtvb.leaselog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The proof generation the log had before proofs were read from stored subtree hashes, kept
 * verbatim as the oracle: it rehashes every sibling subtree from the full list of leaf hashes,
 * which is slow but obviously what RFC 6962 §2.1.1/§2.1.2 say. New proofs must equal its output.
 */
final class LeafListProofsOracle {

  private LeafListProofsOracle() {}

  /** The audit path of leaf {@code index} in the tree made of all of {@code leafHashes}. */
  public static List<byte[]> inclusionProof(long index, List<byte[]> leafHashes) {
    int n = leafHashes.size();
    if (index < 0 || index >= n) {
      throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + n);
    }
    List<byte[]> topDown = new ArrayList<>();
    int lo = 0;
    int hi = n;
    int m = (int) index;
    while (hi - lo > 1) {
      int k = split(hi - lo);
      if (m < k) {
        topDown.add(subtreeRoot(leafHashes, lo + k, hi));
        hi = lo + k;
      } else {
        topDown.add(subtreeRoot(leafHashes, lo, lo + k));
        lo += k;
        m -= k;
      }
    }
    Collections.reverse(topDown);
    return topDown;
  }

  /** The proof that the tree of the first {@code oldSize} leaves is a prefix of the tree of all of them. */
  public static List<byte[]> consistencyProof(long oldSize, List<byte[]> leafHashes) {
    int n = leafHashes.size();
    if (oldSize < 0 || oldSize > n) {
      throw new IllegalArgumentException("old size " + oldSize + " is not within a tree of " + n);
    }
    List<byte[]> topDown = new ArrayList<>();
    if (oldSize == 0 || oldSize == n) {
      return topDown;
    }
    int lo = 0;
    int hi = n;
    int m = (int) oldSize;
    boolean whole = true; // SUBPROOF's b: the old tree is this very subtree, so its root is known
    while (m != hi - lo) {
      int k = split(hi - lo);
      if (m <= k) {
        topDown.add(subtreeRoot(leafHashes, lo + k, hi));
        hi = lo + k;
      } else {
        topDown.add(subtreeRoot(leafHashes, lo, lo + k));
        lo += k;
        m -= k;
        whole = false;
      }
    }
    if (!whole) {
      topDown.add(subtreeRoot(leafHashes, lo, hi));
    }
    Collections.reverse(topDown);
    return topDown;
  }

  /** MTH of leaves {@code [from, to)}; the empty tree's root when the range is empty. */
  public static byte[] subtreeRoot(List<byte[]> leafHashes, int from, int to) {
    if (to - from == 0) {
      return MerkleHashes.emptyRoot();
    }
    CompactRange range = new CompactRange();
    for (int i = from; i < to; i++) {
      range.append(leafHashes.get(i));
    }
    return range.root();
  }

  /** The largest power of two strictly below {@code n} (n > 1). */
  private static int split(int n) {
    return Integer.highestOneBit(n - 1);
  }
}
