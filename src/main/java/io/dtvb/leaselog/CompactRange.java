package io.dtvb.leaselog;

import java.util.ArrayList;
import java.util.List;

/**
 * The right edge of a Merkle tree: the roots of the perfect subtrees that make up its first
 * {@code size} leaves (one per set bit of the size, largest first). Appending is O(log n) and the
 * RFC 6962 root follows from the edge alone, so a log never re-reads old entries to append.
 */
public final class CompactRange {
  private long size;
  private final List<byte[]> subtrees;

  /** The empty tree. */
  public CompactRange() {
    this(0, List.of());
  }

  /** A tree of {@code size} leaves given its subtree roots, largest first (as {@link #subtrees()} gives them). */
  public CompactRange(long size, List<byte[]> subtrees) {
    if (size < 0 || Long.bitCount(size) != subtrees.size()) {
      throw new IllegalArgumentException("a tree of " + size + " leaves has " + Long.bitCount(Math.max(size, 0))
          + " subtrees, not " + subtrees.size());
    }
    this.size = size;
    this.subtrees = new ArrayList<>();
    for (byte[] h : subtrees) {
      if (h.length != MerkleHashes.SIZE) {
        throw new IllegalArgumentException("subtree hash of " + h.length + " bytes");
      }
      this.subtrees.add(h.clone());
    }
  }

  public long size() {
    return size;
  }

  /** Copies of the subtree roots, largest subtree first. */
  public List<byte[]> subtrees() {
    List<byte[]> out = new ArrayList<>();
    subtrees.forEach(h -> out.add(h.clone()));
    return out;
  }

  /** Receives the roots of complete, aligned subtrees as an append completes them. */
  @FunctionalInterface
  public interface NodeSink {
    /** The root of leaves {@code [index << level, (index + 1) << level)}, counted from this range's start. */
    void node(int level, long index, byte[] hash);
  }

  /** Adds one leaf by its leaf hash ({@link MerkleHashes#leaf}). */
  public void append(byte[] leafHash) {
    append(leafHash, (level, index, hash) -> { });
  }

  /**
   * Adds one leaf and reports to {@code sink} every subtree it completes: the leaf itself, then
   * each merged parent, lowest first. Over all appends that is every node of the tree in post
   * order ({@link TreeLayout#position}), which is how the stores keep them.
   */
  public void append(byte[] leafHash, NodeSink sink) {
    byte[] carry = leafHash.clone();
    long index = size;
    sink.node(0, index, carry);
    int level = 0;
    // Each trailing 1-bit of the old size is a subtree of the same height as the carry: merge it.
    while ((index & 1) == 1) {
      carry = MerkleHashes.node(subtrees.remove(subtrees.size() - 1), carry);
      index >>= 1;
      level++;
      sink.node(level, index, carry);
    }
    subtrees.add(carry);
    size++;
  }

  /** An independent copy (to roll back to when a batch fails). */
  public CompactRange copy() {
    return new CompactRange(size, subtrees);
  }

  /** The RFC 6962 root of the first {@code size} leaves. */
  public byte[] root() {
    if (subtrees.isEmpty()) {
      return MerkleHashes.emptyRoot();
    }
    byte[] acc = subtrees.get(subtrees.size() - 1);
    for (int i = subtrees.size() - 2; i >= 0; i--) {
      acc = MerkleHashes.node(subtrees.get(i), acc);
    }
    return acc.clone();
  }
}
