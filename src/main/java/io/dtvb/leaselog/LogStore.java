package io.dtvb.leaselog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Durable, append-only storage of lease-log entries; entry {@code i} is the i-th one appended
 * (0-based). The store keeps the tree's right edge ({@link CompactRange}) with the entries, so an
 * append knows the root of the tree before it atomically, even with several writers (PostgreSQL).
 * Stores may also keep the tree's nodes ({@link TreeLayout}), so proofs read O(log n) hashes.
 */
public interface LogStore extends AutoCloseable {

  /** The tree as a writer sees it: its size and RFC 6962 root. */
  record Head(long size, byte[] root) {}

  /** Builds the entry to append from its index and the root of the tree before it. */
  @FunctionalInterface
  interface EntryBuilder {
    byte[] build(long index, byte[] previousRoot);
  }

  /**
   * What a batched append did with one builder: the head just after its entry, or why nothing was
   * appended for it ({@code refused}: the builder's own RuntimeException, or a LogStoreException
   * for an entry the store cannot take).
   */
  record Outcome(Head head, Exception refused) {
    /** The head, or the refusal thrown as it was. */
    public Head get() throws LogStoreException {
      if (refused instanceof RuntimeException r) {
        throw r;
      }
      if (refused instanceof LogStoreException l) {
        throw l;
      }
      return head;
    }
  }

  /**
   * Atomically reads the head, builds the entry, stores it durably (fsync or commit) and advances
   * the head; answers the head after the append. A crash at any point leaves either the old or the
   * new head, never a partial entry.
   */
  Head append(EntryBuilder builder) throws LogStoreException;

  /**
   * Appends the entries of {@code builders} in order, each built from the root before it, and
   * makes them durable together (group commit: the file store writes and fsyncs once per batch,
   * PostgreSQL commits one transaction). A builder that throws, or whose entry the store cannot
   * take, is refused alone (the next one gets its index). If the batch cannot be made durable the
   * call throws and none of its entries is appended. The default appends one by one.
   */
  default List<Outcome> appendAll(List<EntryBuilder> builders) throws LogStoreException {
    List<Outcome> out = new ArrayList<>(builders.size());
    for (EntryBuilder b : builders) {
      try {
        out.add(new Outcome(append(b), null));
      } catch (RuntimeException | LogStoreException e) {
        out.add(new Outcome(null, e));
      }
    }
    return out;
  }

  /** The current head. */
  Head head() throws LogStoreException;

  /** Entries {@code [from, to)} in order; {@code to} at most the size. */
  List<byte[]> entries(long from, long to) throws LogStoreException;

  /** Leaf hashes of entries {@code [from, to)} (stores that keep them answer without re-hashing). */
  default List<byte[]> leafHashes(long from, long to) throws LogStoreException {
    List<byte[]> out = new ArrayList<>();
    for (byte[] e : entries(from, to)) {
      out.add(MerkleHashes.leaf(e));
    }
    return out;
  }

  /**
   * The stored nodes at these {@link TreeLayout} positions (all of complete subtrees of the current
   * tree), null for each one the store does not have; the default has none, and {@link TreeReader}
   * then computes them from the leaves.
   */
  default byte[][] nodes(long[] positions) throws LogStoreException {
    return new byte[positions.length][];
  }

  /** Offers nodes {@link TreeReader} had to compute from the leaves, by position, to a store that keeps them. */
  default void keepNodes(Map<Long, byte[]> computed) throws LogStoreException {
    // a store without nodes computes them again next time
  }

  @Override
  void close();
}
