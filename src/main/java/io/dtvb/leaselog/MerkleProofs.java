package io.dtvb.leaselog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Inclusion and consistency proofs of RFC 6962 §2.1.1/§2.1.2, verified with the algorithms of
 * RFC 9162 §2.1.3.2/§2.1.4.2.
 *
 * <p>Generation walks the tree from the root down and names the sibling subtrees as {@link Span}s,
 * leaf side first (the RFC order); the proof is their roots, which {@link TreeReader} reads from a
 * store's nodes. A proof is the list of 32-byte hashes; verification answers false for any proof
 * that does not fit exactly (wrong length, wrong hash, wrong position).
 */
public final class MerkleProofs {

  private MerkleProofs() {}

  /**
   * A run of leaves {@code [from, to)} whose RFC 6962 root is one hash of a proof. The recursion
   * of RFC 6962 §2.1 only ever splits at the largest power of two below a run's length, so every
   * span starts at a multiple of the smallest power of two at least its length: its root is the
   * fold of the aligned subtrees {@link TreeLayout#nodesOf} names.
   */
  public record Span(long from, long to) {}

  /** The spans whose roots are the audit path of leaf {@code index} in a tree of {@code size}, leaf side first. */
  public static List<Span> inclusionSpans(long index, long size) {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + size);
    }
    List<Span> topDown = new ArrayList<>();
    long lo = 0;
    long hi = size;
    long m = index;
    while (hi - lo > 1) {
      long k = split(hi - lo);
      if (m < k) {
        topDown.add(new Span(lo + k, hi));
        hi = lo + k;
      } else {
        topDown.add(new Span(lo, lo + k));
        lo += k;
        m -= k;
      }
    }
    Collections.reverse(topDown);
    return topDown;
  }

  /**
   * The spans whose roots prove that the tree of the first {@code oldSize} leaves is a prefix of
   * the tree of {@code size}, in the RFC's order.
   */
  public static List<Span> consistencySpans(long oldSize, long size) {
    if (oldSize < 0 || oldSize > size) {
      throw new IllegalArgumentException("old size " + oldSize + " is not within a tree of " + size);
    }
    List<Span> topDown = new ArrayList<>();
    if (oldSize == 0 || oldSize == size) {
      return topDown;
    }
    long lo = 0;
    long hi = size;
    long m = oldSize;
    boolean whole = true; // SUBPROOF's b: the old tree is this very subtree, so its root is known
    while (m != hi - lo) {
      long k = split(hi - lo);
      if (m <= k) {
        topDown.add(new Span(lo + k, hi));
        hi = lo + k;
      } else {
        topDown.add(new Span(lo, lo + k));
        lo += k;
        m -= k;
        whole = false;
      }
    }
    if (!whole) {
      topDown.add(new Span(lo, hi));
    }
    Collections.reverse(topDown);
    return topDown;
  }

  /** Whether {@code proof} shows that {@code leafHash} is leaf {@code index} of the tree with {@code root}. */
  public static boolean verifyInclusion(byte[] leafHash, long index, long treeSize, List<byte[]> proof,
      byte[] root) {
    if (index < 0 || index >= treeSize || !wellFormed(proof)) {
      return false;
    }
    long fn = index;
    long sn = treeSize - 1;
    byte[] r = leafHash;
    for (byte[] p : proof) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = MerkleHashes.node(p, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        r = MerkleHashes.node(r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && Arrays.equals(r, root);
  }

  /**
   * Whether {@code proof} shows that the tree ({@code oldSize}, {@code oldRoot}) is a prefix of the
   * tree ({@code newSize}, {@code newRoot}).
   */
  public static boolean verifyConsistency(long oldSize, long newSize, byte[] oldRoot, byte[] newRoot,
      List<byte[]> proof) {
    if (oldSize < 0 || oldSize > newSize || !wellFormed(proof)) {
      return false;
    }
    if (oldSize == newSize) {
      return proof.isEmpty() && Arrays.equals(oldRoot, newRoot);
    }
    if (oldSize == 0) {
      return proof.isEmpty() && Arrays.equals(oldRoot, MerkleHashes.emptyRoot());
    }
    if (proof.isEmpty()) {
      return false;
    }
    List<byte[]> path = new ArrayList<>(proof);
    if (Long.bitCount(oldSize) == 1) {
      path.add(0, oldRoot);
    }
    long fn = oldSize - 1;
    long sn = newSize - 1;
    while ((fn & 1) == 1) {
      fn >>= 1;
      sn >>= 1;
    }
    byte[] fr = path.get(0);
    byte[] sr = path.get(0);
    for (byte[] c : path.subList(1, path.size())) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = MerkleHashes.node(c, fr);
        sr = MerkleHashes.node(c, sr);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        sr = MerkleHashes.node(sr, c);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && Arrays.equals(fr, oldRoot) && Arrays.equals(sr, newRoot);
  }

  /** The largest power of two strictly below {@code n} (n > 1). */
  private static long split(long n) {
    return Long.highestOneBit(n - 1);
  }

  private static boolean wellFormed(List<byte[]> proof) {
    return proof.stream().allMatch(h -> h != null && h.length == MerkleHashes.SIZE);
  }
}
