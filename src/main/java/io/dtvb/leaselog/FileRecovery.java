package io.dtvb.leaselog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The file store's repair at open ({@link FileLogStore} describes the files): one sequential pass
 * over the records and index slots, in large chunks (a 1M-entry log is read once, not with two
 * small reads per record).
 */
final class FileRecovery {
  /** Index slots read at a time. */
  private static final int SLOTS = 1 << 13;

  private FileRecovery() {}

  /**
   * Rescans the records, recomputing {@code range} (empty on entry) and checking {@code tree}
   * against it; cuts off a torn tail and rebuilds missing index slots; answers where the valid
   * records end. Refuses (IOException) a damaged record that already had an index slot.
   */
  static long recover(FileChannel data, FileChannel index, TreeFile tree, CompactRange range) throws IOException {
    long slots = index.size() / 8;
    RecordScanner scanner = new RecordScanner(data);
    ByteBuffer slotChunk = ByteBuffer.allocate(8 * SLOTS);
    long chunkAt = 0; // slot number of slotChunk's first slot
    List<byte[]> completed = new ArrayList<>();
    long n = 0;
    List<Long> unindexed = new ArrayList<>();
    while (!scanner.atEnd()) {
      long offset = scanner.offset();
      if (n < slots && (n == 0 || n - chunkAt >= slotChunk.limit() / 8)) {
        chunkAt = n;
        slotChunk.clear().limit((int) Math.min(slotChunk.capacity(), (slots - n) * 8));
        FileIo.readFully(index, slotChunk, n * 8);
      }
      if (n < slots && slotChunk.getLong((int) (n - chunkAt) * 8) != offset) {
        slots = n; // the index disagrees with the records from here on: rebuild it from them
      }
      byte[] entry = scanner.next();
      if (entry == RecordScanner.TORN || entry == RecordScanner.DAMAGED) {
        if (entry == RecordScanner.DAMAGED && n < slots) { // complete but damaged, and committed
          throw new IOException("entry " + n + " (offset " + offset + ") is corrupt although it was committed;"
              + " refusing to cut off the log there (restore the data directory from a backup)");
        }
        break; // a torn tail: the append in flight when the process died
      }
      if (n >= slots) {
        unindexed.add(offset);
      }
      completed.clear();
      range.append(MerkleHashes.leaf(entry), (level, i, hash) -> completed.add(hash));
      for (byte[] h : completed) {
        tree.recover(h);
      }
      n++;
    }
    tree.finishRecovery();
    long offset = scanner.offset();
    if (data.size() != offset || index.size() != n * 8) {
      data.truncate(offset);
      data.force(true);
      long indexed = n - unindexed.size();
      index.truncate(indexed * 8);
      ByteBuffer slots8 = ByteBuffer.allocate(8 * unindexed.size());
      unindexed.forEach(slots8::putLong);
      FileIo.writeFully(index, slots8.flip(), indexed * 8);
      index.force(true);
    }
    return offset;
  }
}
