package io.dtvb.leaselog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * The file store's {@code entries.tree}: every node of the tree ({@link TreeLayout}), 32 bytes
 * each at {@code position * 32}, so a proof reads O(log n) hashes. It is a cache of what the
 * entries give, never a source of truth: it is written after the entries are durable and never
 * fsynced, and at open {@link #recover} checks it node by node against the tree recomputed from
 * the records, rewriting it from the first node that is missing or differs. If a write fails the
 * file stops answering (its nodes read as absent, so proofs fall back to the leaves) until the
 * next open rebuilds it.
 */
final class TreeFile {
  /** Nodes read or written at a time during recovery (2 MiB). */
  private static final int CHUNK = 1 << 16;

  private final FileChannel channel;
  // nodes known to be right, from position 0; volatile so readers need not take the store's lock
  // (a node is written before the count that covers it is published)
  private volatile long nodes;
  private volatile boolean broken;
  // recovery state: the file's old content is compared in chunks until the first mismatch
  private long onDisk;
  private ByteBuffer reading;
  private long readingAt;
  private ByteBuffer writing;

  TreeFile(FileChannel channel) throws IOException {
    this.channel = channel;
    this.onDisk = channel.size() / MerkleHashes.SIZE;
  }

  FileChannel channel() {
    return channel;
  }

  /** During open: the next node (in post order) as the records give it. */
  void recover(byte[] hash) throws IOException {
    long position = nodes;
    if (writing == null && position < onDisk && Arrays.equals(hash, readAt(position))) {
      nodes++;
      return;
    }
    if (writing == null) {
      writing = ByteBuffer.allocate(CHUNK * MerkleHashes.SIZE);
      onDisk = position; // everything from here on is rewritten
    }
    if (!writing.hasRemaining()) {
      flushRecovered();
    }
    writing.put(hash);
    nodes++;
  }

  /** Ends recovery: writes the rebuilt nodes and cuts off whatever lies beyond them. */
  void finishRecovery() throws IOException {
    if (writing != null) {
      flushRecovered();
      writing = null;
    }
    reading = null;
    if (channel.size() != nodes * MerkleHashes.SIZE) {
      channel.truncate(nodes * MerkleHashes.SIZE);
    }
  }

  /** Adds the nodes an append completed (already in post order), right after the entries became durable. */
  void append(ByteBuffer hashes, long count) {
    if (broken) {
      return;
    }
    try {
      FileIo.writeFully(channel, hashes, nodes * MerkleHashes.SIZE);
      nodes = nodes + count; // only the store's writer (under its lock) changes it
    } catch (IOException e) {
      broken = true; // a cache: proofs use the leaves until the next open rebuilds it
    }
  }

  /** The nodes at these positions; null for any this file does not hold. */
  byte[][] read(long[] positions) throws IOException {
    byte[][] out = new byte[positions.length][];
    long known = broken ? 0 : nodes;
    for (int i = 0; i < positions.length; i++) {
      if (positions[i] >= 0 && positions[i] < known) {
        out[i] = new byte[MerkleHashes.SIZE];
        FileIo.readFully(channel, ByteBuffer.wrap(out[i]), positions[i] * MerkleHashes.SIZE);
      }
    }
    return out;
  }

  private byte[] readAt(long position) throws IOException {
    long offset = position * MerkleHashes.SIZE;
    if (reading == null || offset < readingAt || offset + MerkleHashes.SIZE > readingAt + reading.limit()) {
      long length = Math.min((long) CHUNK * MerkleHashes.SIZE, (onDisk - position) * MerkleHashes.SIZE);
      reading = ByteBuffer.allocate((int) length);
      readingAt = offset;
      FileIo.readFully(channel, reading, offset);
    }
    byte[] h = new byte[MerkleHashes.SIZE];
    reading.get((int) (offset - readingAt), h);
    return h;
  }

  private void flushRecovered() throws IOException {
    writing.flip();
    long count = writing.remaining() / MerkleHashes.SIZE;
    FileIo.writeFully(channel, writing, (nodes - count) * MerkleHashes.SIZE);
    writing.clear();
  }
}
