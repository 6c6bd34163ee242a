package io.dtvb.leaselog;

import java.util.List;

/**
 * Durable, append-only storage of lease-log entries; entry {@code i} is the i-th one appended
 * (0-based). The store keeps the tree's right edge ({@link CompactRange}) with the entries, so an
 * append knows the root of the tree before it atomically, even with several writers (PostgreSQL).
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
   * Atomically reads the head, builds the entry, stores it durably (fsync or commit) and advances
   * the head; answers the head after the append. A crash at any point leaves either the old or the
   * new head, never a partial entry.
   */
  Head append(EntryBuilder builder) throws LogStoreException;

  /** The current head. */
  Head head() throws LogStoreException;

  /** Entries {@code [from, to)} in order; {@code to} at most the size. */
  List<byte[]> entries(long from, long to) throws LogStoreException;

  /** Leaf hashes of entries {@code [from, to)} (stores that keep them answer without re-hashing). */
  default List<byte[]> leafHashes(long from, long to) throws LogStoreException {
    List<byte[]> out = new java.util.ArrayList<>();
    for (byte[] e : entries(from, to)) {
      out.add(MerkleHashes.leaf(e));
    }
    return out;
  }

  @Override
  void close();
}
