package io.dtvb.leaselog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A {@link LogStore} in a directory, for one writing process.
 *
 * <p>Files: {@code entries.dat} holds the records back to back, each {@code [u32 length][u32
 * CRC32C of the entry][entry bytes]} (big-endian); {@code entries.idx} holds one big-endian u64 per
 * entry, the offset of its record. An append writes and fsyncs the record, then writes and fsyncs
 * its index slot, so a slot never points at data that is not durable. At open the records are read
 * back once (length and CRC), the tree's right edge is recomputed from them, a torn last record (the
 * append in flight at a crash) is cut off, slots past the valid records are cut off and missing
 * slots are rebuilt from the records. A damaged record that has an index slot is not a crash but
 * corruption: open refuses rather than cut off committed entries. A {@code lock} file keeps a second
 * process from opening the same log.
 */
public final class FileLogStore implements LogStore {
  /** Largest accepted entry, in bytes. */
  public static final int MAX_ENTRY = 1 << 20;
  private static final int HEADER = 8;

  private final FileChannel data;
  private final FileChannel index;
  private final FileChannel lockFile;
  private final FileLock lock;
  private final CompactRange range;
  private long dataEnd;

  private FileLogStore(Path dir) throws IOException {
    Files.createDirectories(dir);
    lockFile = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock l = null;
    try {
      l = lockFile.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException e) {
      l = null;
    }
    if (l == null) {
      lockFile.close();
      throw new IOException("lease log " + dir + " is open in another process or store");
    }
    lock = l;
    range = new CompactRange();
    FileChannel d = null;
    FileChannel i = null;
    try {
      d = channel(dir.resolve("entries.dat"));
      i = channel(dir.resolve("entries.idx"));
      data = d;
      index = i;
      recover();
    } catch (IOException | RuntimeException e) {
      try (lockFile; FileChannel dd = d; FileChannel ii = i) {
        lock.release();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    FileIo.syncDirectory(dir);
  }

  /** Opens (or creates) the log in {@code dir}, repairing a torn tail left by a crash. */
  public static FileLogStore open(Path dir) throws LogStoreException {
    try {
      return new FileLogStore(dir);
    } catch (IOException e) {
      throw new LogStoreException("cannot open lease log in " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized Head append(EntryBuilder builder) throws LogStoreException {
    long n = range.size();
    byte[] entry = builder.build(n, range.root());
    if (entry.length == 0 || entry.length > MAX_ENTRY) {
      throw new LogStoreException("entry of " + entry.length + " bytes (1.." + MAX_ENTRY + " allowed)");
    }
    ByteBuffer rec = ByteBuffer.allocate(HEADER + entry.length);
    rec.putInt(entry.length).putInt(crc(entry)).put(entry).flip();
    try {
      FileIo.writeFully(data, rec, dataEnd);
      data.force(false);
      FileIo.writeFully(index, ByteBuffer.allocate(8).putLong(0, dataEnd), n * 8);
      index.force(false);
    } catch (IOException e) {
      undo(n);
      throw new LogStoreException("append of entry " + n + " failed: " + e.getMessage(), e);
    }
    dataEnd += rec.capacity();
    range.append(MerkleHashes.leaf(entry));
    return new Head(range.size(), range.root());
  }

  @Override
  public synchronized Head head() {
    return new Head(range.size(), range.root());
  }

  @Override
  public synchronized List<byte[]> entries(long from, long to) throws LogStoreException {
    if (from < 0 || from > to || to > range.size()) {
      throw new IllegalArgumentException("entries [" + from + ", " + to + ") of a log of " + range.size());
    }
    List<byte[]> out = new ArrayList<>((int) Math.min(to - from, 1 << 16));
    try {
      if (from == to) {
        return out;
      }
      ByteBuffer slot = ByteBuffer.allocate(8);
      FileIo.readFully(index, slot, from * 8);
      long offset = slot.getLong(0);
      for (long i = from; i < to; i++) {
        ByteBuffer head = ByteBuffer.allocate(HEADER);
        FileIo.readFully(data, head, offset);
        int len = head.getInt(0);
        if (len <= 0 || len > MAX_ENTRY) {
          throw new LogStoreException("entry " + i + " has a corrupt length");
        }
        byte[] entry = new byte[len];
        FileIo.readFully(data, ByteBuffer.wrap(entry), offset + HEADER);
        if (crc(entry) != head.getInt(4)) {
          throw new LogStoreException("entry " + i + " fails its checksum");
        }
        out.add(entry);
        offset += HEADER + entry.length;
      }
    } catch (IOException e) {
      throw new LogStoreException("cannot read entries " + from + ".." + to + ": " + e.getMessage(), e);
    }
    return out;
  }

  @Override
  public synchronized void close() {
    try (lockFile; data; index) {
      lock.release();
    } catch (IOException e) {
      // closing a read-only view of durable data; nothing is lost
    }
  }

  private void recover() throws IOException {
    long dataSize = data.size();
    long slots = index.size() / 8;
    long offset = 0;
    long n = 0;
    List<Long> unindexed = new ArrayList<>();
    while (offset < dataSize) {
      if (n < slots && FileIo.readLong(index, n * 8) != offset) {
        slots = n; // the index disagrees with the records from here on: rebuild it from them
      }
      byte[] entry = readRecord(offset, dataSize);
      if (entry == null || entry.length == 0) {
        if (entry != null && n < slots) { // complete but damaged, and committed
          throw new IOException("entry " + n + " (offset " + offset + ") is corrupt although it was committed;"
              + " refusing to cut off the log there (restore the data directory from a backup)");
        }
        break; // a torn tail: the append in flight when the process died
      }
      if (n >= slots) {
        unindexed.add(offset);
      }
      range.append(MerkleHashes.leaf(entry));
      offset += HEADER + entry.length;
      n++;
    }
    dataEnd = offset;
    if (dataSize != offset || index.size() != n * 8) {
      data.truncate(offset);
      data.force(true);
      long indexed = n - unindexed.size();
      index.truncate(indexed * 8);
      ByteBuffer slots8 = ByteBuffer.allocate(8 * unindexed.size());
      unindexed.forEach(slots8::putLong);
      FileIo.writeFully(index, slots8.flip(), indexed * 8);
      index.force(true);
    }
  }

  /** The record's entry; null if it runs past the end of the file (torn); empty if it is damaged. */
  private byte[] readRecord(long offset, long dataSize) throws IOException {
    if (offset + HEADER > dataSize) {
      return null;
    }
    ByteBuffer head = ByteBuffer.allocate(HEADER);
    FileIo.readFully(data, head, offset);
    int len = head.getInt(0);
    if (len <= 0 || len > MAX_ENTRY) {
      return new byte[0];
    }
    if (offset + HEADER + len > dataSize) {
      return null;
    }
    byte[] entry = new byte[len];
    FileIo.readFully(data, ByteBuffer.wrap(entry), offset + HEADER);
    return crc(entry) == head.getInt(4) ? entry : new byte[0];
  }

  private void undo(long committed) {
    try {
      data.truncate(dataEnd);
      index.truncate(committed * 8);
      data.force(true);
      index.force(true);
    } catch (IOException e) {
      // the next open repairs the tail again
    }
  }

  private static FileChannel channel(Path file) throws IOException {
    return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }

  private static int crc(byte[] entry) {
    CRC32C c = new CRC32C();
    c.update(entry);
    return (int) c.getValue();
  }
}
