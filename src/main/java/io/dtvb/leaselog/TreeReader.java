package io.dtvb.leaselog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The roots of proof spans ({@link MerkleProofs.Span}) from a store's nodes: each span is the fold
 * of at most 64 aligned subtree roots ({@link TreeLayout#nodesOf}), read in one call to {@link
 * LogStore#nodes}, so a proof at any tree size costs O(log n) stored hashes. A node the store
 * lacks (a store that keeps none, or entries a store appended before it kept them) is computed
 * from its children, down to the leaves for small subtrees, and offered back with {@link
 * LogStore#keepNodes}.
 */
final class TreeReader {
  /** Subtrees at or below this level are hashed from their (at most 256) leaves instead of their children. */
  private static final int FROM_LEAVES = 8;
  private static final int LEAF_BATCH = 1024;
  /** Computed nodes offered back per call, at most (a store that has none would get the whole tree). */
  private static final int KEEP_AT_MOST = 1 << 16;

  private final LogStore store;

  TreeReader(LogStore store) {
    this.store = store;
  }

  /** The RFC 6962 root of each span, in order. */
  List<byte[]> roots(List<MerkleProofs.Span> spans) throws LogStoreException {
    Set<TreeLayout.Node> wanted = new LinkedHashSet<>();
    for (MerkleProofs.Span s : spans) {
      wanted.addAll(TreeLayout.nodesOf(s.from(), s.to()));
    }
    Map<Long, byte[]> computed = new HashMap<>();
    Map<TreeLayout.Node, byte[]> known = lookUp(wanted, computed);
    if (!computed.isEmpty()) {
      store.keepNodes(computed);
    }
    List<byte[]> out = new ArrayList<>(spans.size());
    for (MerkleProofs.Span s : spans) {
      List<TreeLayout.Node> nodes = TreeLayout.nodesOf(s.from(), s.to());
      byte[] acc = known.get(nodes.get(nodes.size() - 1));
      for (int i = nodes.size() - 2; i >= 0; i--) {
        acc = MerkleHashes.node(known.get(nodes.get(i)), acc);
      }
      out.add(acc);
    }
    return out;
  }

  /** The hashes of {@code nodes}: stored ones as read, missing ones computed (and added to {@code computed}). */
  private Map<TreeLayout.Node, byte[]> lookUp(Set<TreeLayout.Node> nodes, Map<Long, byte[]> computed)
      throws LogStoreException {
    List<TreeLayout.Node> list = new ArrayList<>(nodes);
    long[] positions = new long[list.size()];
    for (int i = 0; i < positions.length; i++) {
      positions[i] = list.get(i).position();
    }
    byte[][] stored = store.nodes(positions);
    Map<TreeLayout.Node, byte[]> out = new HashMap<>();
    Set<TreeLayout.Node> children = new LinkedHashSet<>();
    List<TreeLayout.Node> fromChildren = new ArrayList<>();
    for (int i = 0; i < positions.length; i++) {
      TreeLayout.Node n = list.get(i);
      if (stored[i] != null) {
        out.put(n, stored[i]);
      } else if (n.level() <= FROM_LEAVES) {
        out.put(n, fromLeaves(n, computed));
      } else {
        fromChildren.add(n);
        children.add(new TreeLayout.Node(n.level() - 1, 2 * n.index()));
        children.add(new TreeLayout.Node(n.level() - 1, 2 * n.index() + 1));
      }
    }
    if (!fromChildren.isEmpty()) {
      Map<TreeLayout.Node, byte[]> below = lookUp(children, computed);
      for (TreeLayout.Node n : fromChildren) {
        byte[] h = MerkleHashes.node(below.get(new TreeLayout.Node(n.level() - 1, 2 * n.index())),
            below.get(new TreeLayout.Node(n.level() - 1, 2 * n.index() + 1)));
        keep(computed, n.position(), h);
        out.put(n, h);
      }
    }
    return out;
  }

  /** Hashes the subtree from its leaves, collecting all its nodes into {@code computed}. */
  private byte[] fromLeaves(TreeLayout.Node n, Map<Long, byte[]> computed) throws LogStoreException {
    CompactRange range = new CompactRange();
    long first = n.first();
    for (long from = first; from < n.end(); from += LEAF_BATCH) {
      for (byte[] leaf : store.leafHashes(from, Math.min(n.end(), from + LEAF_BATCH))) {
        range.append(leaf, (level, index, hash) ->
            keep(computed, TreeLayout.position(level, index + (first >> level)), hash));
      }
    }
    return range.root();
  }

  private static void keep(Map<Long, byte[]> computed, long position, byte[] hash) {
    if (computed.size() < KEEP_AT_MOST) {
      computed.put(position, hash);
    }
  }
}
