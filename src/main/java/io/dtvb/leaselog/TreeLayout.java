package io.dtvb.leaselog;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the stores keep the roots of complete, aligned subtrees ("nodes"): node {@code (level,
 * index)} is the root of leaves {@code [index << level, (index + 1) << level)}, and nodes are
 * numbered in post order, the order in which {@link CompactRange#append(byte[],
 * CompactRange.NodeSink)} completes them. So a store appends them as it appends entries, a tree of
 * n leaves has exactly {@link #count(long)} of them, and every proof hash is the fold of at most
 * 64 of them ({@link #nodesOf}), which makes a proof O(log n) reads.
 */
public final class TreeLayout {

  private TreeLayout() {}

  /** A node: the root of leaves {@code [index << level, (index + 1) << level)}. */
  public record Node(int level, long index) {
    public Node {
      if (level < 0 || level > 62 || index < 0 || index > (Long.MAX_VALUE >> level) - 1) {
        throw new IllegalArgumentException("no node at level " + level + ", index " + index);
      }
    }

    /** The node's position in post order. */
    public long position() {
      return TreeLayout.position(level, index);
    }

    /** The first leaf under the node. */
    public long first() {
      return index << level;
    }

    /** One past the last leaf under the node. */
    public long end() {
      return (index + 1) << level;
    }
  }

  /**
   * The post-order position of node {@code (level, index)}: the nodes completed before its last
   * leaf {@code L} arrived (2L - popcount(L), see {@link #count}), then {@code level} more, since
   * appending leaf L completes the leaf and then one parent per level.
   */
  public static long position(int level, long index) {
    long last = ((index + 1) << level) - 1;
    return count(last) + level;
  }

  /** How many nodes a tree of {@code size} leaves has: each leaf, plus one per merge (size - popcount). */
  public static long count(long size) {
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size);
    }
    return 2 * size - Long.bitCount(size);
  }

  /**
   * The nodes whose fold is the RFC 6962 root of leaves {@code [from, to)}, largest first: one per
   * set bit of the span's length. Every span a proof uses starts at a multiple of the smallest
   * power of two at least its length ({@link MerkleProofs.Span}), so these are aligned nodes.
   */
  public static List<Node> nodesOf(long from, long to) {
    long length = to - from;
    if (from < 0 || length <= 0) {
      throw new IllegalArgumentException("no nodes for leaves [" + from + ", " + to + ")");
    }
    if (length > 1 && from % Long.highestOneBit((length - 1) << 1) != 0) {
      throw new IllegalArgumentException("leaves [" + from + ", " + to + ") are not an aligned span");
    }
    List<Node> out = new ArrayList<>(Long.bitCount(length));
    long at = from;
    for (int level = 63 - Long.numberOfLeadingZeros(length); level >= 0; level--) {
      if ((length & (1L << level)) != 0) {
        out.add(new Node(level, at >> level));
        at += 1L << level;
      }
    }
    return out;
  }

  /** The nodes of a tree of {@code size} leaves that the right edge ({@link CompactRange#subtrees}) holds. */
  public static List<Node> edgeOf(long size) {
    return size == 0 ? List.of() : nodesOf(0, size);
  }
}
