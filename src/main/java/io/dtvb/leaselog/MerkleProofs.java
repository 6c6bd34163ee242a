package io.dtvb.leaselog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * RFC 6962 / RFC 9162 Merkle proofs over a list of leaf hashes: inclusion proofs (an entry is in a
 * tree) and consistency proofs (a tree extends an older one), made and checked.
 */
public final class MerkleProofs {
  private MerkleProofs() {}

  /** The root over leaf hashes {@code [from, to)} (RFC 6962 MTH). */
  public static byte[] root(List<byte[]> leaves, int from, int to) {
    int n = to - from;
    if (n == 0) {
      return MerkleHashes.emptyRoot();
    }
    if (n == 1) {
      return leaves.get(from);
    }
    int k = largestPowerOfTwoBelow(n);
    return MerkleHashes.node(root(leaves, from, from + k), root(leaves, from + k, to));
  }

  /** The audit path of leaf {@code index} in the tree of the first {@code size} leaves. */
  public static List<byte[]> inclusionProof(List<byte[]> leaves, int index, int size) {
    if (size > leaves.size() || index < 0 || index >= size) {
      throw new IllegalArgumentException("no leaf " + index + " in a tree of " + size);
    }
    List<byte[]> path = new ArrayList<>();
    inclusion(leaves, index, 0, size, path);
    return path;
  }

  private static void inclusion(List<byte[]> leaves, int index, int from, int to, List<byte[]> path) {
    int n = to - from;
    if (n <= 1) {
      return;
    }
    int k = largestPowerOfTwoBelow(n);
    if (index - from < k) {
      inclusion(leaves, index, from, from + k, path);
      path.add(root(leaves, from + k, to));
    } else {
      inclusion(leaves, index, from + k, to, path);
      path.add(root(leaves, from, from + k));
    }
  }

  /** The consistency proof from the tree of {@code oldSize} leaves to that of {@code newSize}. */
  public static List<byte[]> consistencyProof(List<byte[]> leaves, int oldSize, int newSize) {
    if (oldSize < 0 || oldSize > newSize || newSize > leaves.size()) {
      throw new IllegalArgumentException("no consistency proof from " + oldSize + " to " + newSize);
    }
    List<byte[]> proof = new ArrayList<>();
    if (oldSize == 0 || oldSize == newSize) {
      return proof;
    }
    subproof(leaves, oldSize, 0, newSize, true, proof);
    return proof;
  }

  /** RFC 6962 §2.1.2 SUBPROOF(m, D[from:to], b). */
  private static void subproof(List<byte[]> leaves, int m, int from, int to, boolean complete, List<byte[]> proof) {
    int n = to - from;
    if (m == n) {
      if (!complete) {
        proof.add(root(leaves, from, to));
      }
      return;
    }
    int k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      subproof(leaves, m, from, from + k, complete, proof);
      proof.add(root(leaves, from + k, to));
    } else {
      subproof(leaves, m - k, from + k, to, false, proof);
      proof.add(root(leaves, from, from + k));
    }
  }

  /** Checks an inclusion proof (RFC 9162 §2.1.3.2). */
  public static boolean verifyInclusion(byte[] leafHash, long index, long size, List<byte[]> proof, byte[] root) {
    if (index < 0 || index >= size) {
      return false;
    }
    long fn = index;
    long sn = size - 1;
    byte[] r = leafHash;
    for (byte[] p : proof) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = MerkleHashes.node(p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        r = MerkleHashes.node(r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && Arrays.equals(r, root);
  }

  /** Checks a consistency proof (RFC 9162 §2.1.4.2). */
  public static boolean verifyConsistency(long oldSize, long newSize, byte[] oldRoot, byte[] newRoot,
      List<byte[]> proof) {
    if (oldSize < 0 || oldSize > newSize) {
      return false;
    }
    if (oldSize == newSize) {
      return proof.isEmpty() && Arrays.equals(oldRoot, newRoot);
    }
    if (oldSize == 0) {
      return proof.isEmpty();
    }
    if (proof.isEmpty()) {
      return false;
    }
    List<byte[]> path = new ArrayList<>(proof);
    if (Long.bitCount(oldSize) == 1) { // old tree is a perfect subtree: its root starts the path
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
    for (int i = 1; i < path.size(); i++) {
      byte[] c = path.get(i);
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

  private static int largestPowerOfTwoBelow(int n) {
    return Integer.highestOneBit(n - 1);
  }
}
