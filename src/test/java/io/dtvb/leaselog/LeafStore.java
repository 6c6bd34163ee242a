package io.dtvb.leaselog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A store that holds only leaf hashes, for proof tests: with all its nodes stored (the path real
 * stores take) or none (the path that computes them from the leaves). Its proof helpers take both
 * paths and check that they agree.
 */
final class LeafStore implements LogStore {
  private final List<byte[]> leaves;
  private final Map<Long, byte[]> nodes;

  LeafStore(List<byte[]> leaves, boolean withNodes) {
    this.leaves = leaves;
    this.nodes = withNodes ? new HashMap<>() : null;
    if (withNodes) {
      CompactRange range = new CompactRange();
      leaves.forEach(l -> range.append(l, (level, i, h) -> nodes.put(TreeLayout.position(level, i), h)));
    }
  }

  static List<byte[]> inclusionProof(long index, List<byte[]> leaves) {
    return bothWays(MerkleProofs.inclusionSpans(index, leaves.size()), leaves);
  }

  static List<byte[]> consistencyProof(long oldSize, List<byte[]> leaves) {
    return bothWays(MerkleProofs.consistencySpans(oldSize, leaves.size()), leaves);
  }

  private static List<byte[]> bothWays(List<MerkleProofs.Span> spans, List<byte[]> leaves) {
    List<byte[]> stored;
    List<byte[]> computed;
    try {
      stored = new TreeReader(new LeafStore(leaves, true)).roots(spans);
      computed = new TreeReader(new LeafStore(leaves, false)).roots(spans);
    } catch (LogStoreException e) {
      throw new AssertionError("a store in memory failed", e);
    }
    assertEquals(stored.stream().map(HexFormat.of()::formatHex).toList(),
        computed.stream().map(HexFormat.of()::formatHex).toList(), "stored and computed nodes disagree");
    return stored;
  }

  @Override
  public Head append(EntryBuilder builder) {
    throw new UnsupportedOperationException("a fixed tree");
  }

  @Override
  public Head head() {
    CompactRange range = new CompactRange();
    leaves.forEach(range::append);
    return new Head(range.size(), range.root());
  }

  @Override
  public List<byte[]> entries(long from, long to) {
    throw new UnsupportedOperationException("only leaf hashes");
  }

  @Override
  public List<byte[]> leafHashes(long from, long to) {
    return leaves.subList((int) from, (int) to);
  }

  @Override
  public byte[][] nodes(long[] positions) {
    byte[][] out = new byte[positions.length][];
    for (int i = 0; i < positions.length && nodes != null; i++) {
      out[i] = nodes.get(positions[i]);
    }
    return out;
  }

  @Override
  public void close() {}
}
