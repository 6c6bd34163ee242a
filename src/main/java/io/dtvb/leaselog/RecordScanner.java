package io.dtvb.leaselog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Reads the file store's records ({@code [u32 length][u32 CRC32C][entry]}) front to back in large
 * chunks, for open's rescan: two small reads per record made opening a 1M-entry log take seconds.
 */
final class RecordScanner {
  /** Bytes of a record's header: length and CRC32C. */
  static final int HEADER = 8;
  /** The record's entry does not fit in the file: the tail torn by a crash. */
  static final byte[] TORN = new byte[0];
  /** The record is complete but its length or checksum is wrong. */
  static final byte[] DAMAGED = new byte[0];

  private final FileChannel data;
  private final long size;
  private final ByteBuffer buffer = ByteBuffer.allocate(2 * (FileLogStore.MAX_ENTRY + HEADER));
  private long bufferAt; // file offset of buffer position 0
  private long offset; // file offset of the next record

  RecordScanner(FileChannel data) throws IOException {
    this.data = data;
    this.size = data.size();
    buffer.limit(0);
  }

  /** Offset of the next record (after the last one {@link #next} returned). */
  long offset() {
    return offset;
  }

  /** True when no bytes are left. */
  boolean atEnd() {
    return offset >= size;
  }

  /** The next record's entry, {@link #TORN} or {@link #DAMAGED}; only advances past a good record. */
  byte[] next() throws IOException {
    if (!fill(HEADER)) {
      return TORN;
    }
    int at = (int) (offset - bufferAt);
    int len = buffer.getInt(at);
    int crc = buffer.getInt(at + 4);
    if (len <= 0 || len > FileLogStore.MAX_ENTRY) {
      return DAMAGED;
    }
    if (!fill(HEADER + len)) {
      return TORN;
    }
    at = (int) (offset - bufferAt);
    byte[] entry = new byte[len];
    buffer.get(at + HEADER, entry);
    if (crc(entry) != crc) {
      return DAMAGED;
    }
    offset += HEADER + len;
    return entry;
  }

  /** Makes {@code n} bytes from {@link #offset} available in the buffer; false if the file ends first. */
  private boolean fill(int n) throws IOException {
    if (offset + n > size) {
      return false;
    }
    if (offset + n <= bufferAt + buffer.limit()) {
      return true;
    }
    int keep = (int) (bufferAt + buffer.limit() - offset); // unread bytes already in the buffer
    buffer.position((int) (offset - bufferAt)).compact(); // ... moved to the front
    bufferAt = offset;
    int want = (int) Math.min(buffer.capacity() - keep, size - (offset + keep));
    buffer.position(keep).limit(keep + want);
    FileIo.readFully(data, buffer, offset + keep);
    buffer.position(0);
    return true;
  }

  static int crc(byte[] entry) {
    CRC32C c = new CRC32C();
    c.update(entry);
    return (int) c.getValue();
  }
}
