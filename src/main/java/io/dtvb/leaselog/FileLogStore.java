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

/**
 * A {@link LogStore} in a directory, for one writing process.
 *
 * <p>Files: {@code entries.dat} holds the records back to back, each {@code [u32 length][u32
 * CRC32C of the entry][entry bytes]} (big-endian); {@code entries.idx} holds one big-endian u64 per
 * entry, the offset of its record; {@code entries.tree} caches the tree's nodes ({@link TreeFile}).
 * An append (of one entry or a batch) writes and fsyncs the records, then writes and fsyncs their
 * index slots, so a slot never points at data that is not durable. At open the records are read
 * back once (length and CRC), the tree's right edge and nodes are recomputed from them, a torn last
 * record (the append in flight at a crash) is cut off, slots past the valid records are cut off and
 * missing slots are rebuilt from the records. A damaged record that has an index slot is not a
 * crash but corruption: open refuses rather than cut off committed entries. A {@code lock} file
 * keeps a second process from opening the same log.
 */
public final class FileLogStore implements LogStore {
  /** Largest accepted entry, in bytes. */
  public static final int MAX_ENTRY = 1 << 20;
  private static final int HEADER = RecordScanner.HEADER;

  private final FileChannel data;
  private final FileChannel index;
  private final FileChannel lockFile;
  private final FileLock lock;
  private final TreeFile tree;
  private CompactRange range;
  private long dataEnd;
  // What readers see: set after each batch is durable, so head, entries and nodes never wait for
  // an append's fsyncs (renewals and proofs would otherwise queue behind every flush).
  private volatile Head published;

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
    FileChannel t = null;
    try {
      d = channel(dir.resolve("entries.dat"));
      i = channel(dir.resolve("entries.idx"));
      t = channel(dir.resolve("entries.tree"));
      data = d;
      index = i;
      tree = new TreeFile(t);
      dataEnd = FileRecovery.recover(data, index, tree, range);
      published = new Head(range.size(), range.root());
    } catch (IOException | RuntimeException e) {
      try (lockFile; FileChannel dd = d; FileChannel ii = i; FileChannel tt = t) {
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
  public Head append(EntryBuilder builder) throws LogStoreException {
    return appendAll(List.of(builder)).get(0).get();
  }

  @Override
  public synchronized List<Outcome> appendAll(List<EntryBuilder> builders) throws LogStoreException {
    CompactRange before = range.copy();
    long first = range.size();
    List<Outcome> out = new ArrayList<>(builders.size());
    List<ByteBuffer> records = new ArrayList<>(builders.size());
    ByteBuffer slots = ByteBuffer.allocate(8 * builders.size());
    // k leaves complete k leaf nodes and at most k + 63 parents
    ByteBuffer nodes = ByteBuffer.allocate(MerkleHashes.SIZE * (2 * builders.size() + 64));
    long end = dataEnd;
    byte[] root = range.root();
    for (EntryBuilder b : builders) {
      byte[] entry;
      try {
        entry = b.build(range.size(), root);
      } catch (RuntimeException e) {
        out.add(new Outcome(null, e));
        continue;
      }
      if (entry.length == 0 || entry.length > MAX_ENTRY) {
        out.add(new Outcome(null, new LogStoreException("entry of " + entry.length + " bytes (1.." + MAX_ENTRY
            + " allowed)")));
        continue;
      }
      records.add(ByteBuffer.allocate(HEADER + entry.length).putInt(entry.length)
          .putInt(RecordScanner.crc(entry)).put(entry).flip());
      slots.putLong(end);
      end += HEADER + entry.length;
      range.append(MerkleHashes.leaf(entry), (level, i, hash) -> nodes.put(hash));
      root = range.root();
      out.add(new Outcome(new Head(range.size(), root), null));
    }
    if (records.isEmpty()) {
      return out;
    }
    try {
      long at = dataEnd;
      for (ByteBuffer r : records) {
        FileIo.writeFully(data, r, at);
        at += r.capacity();
      }
      data.force(false);
      FileIo.writeFully(index, slots.flip(), first * 8);
      index.force(false);
    } catch (IOException e) {
      undo(first);
      range = before;
      throw new LogStoreException("append of entries " + first + ".." + (first + records.size() - 1) + " failed: "
          + e.getMessage(), e);
    }
    dataEnd = end;
    tree.append(nodes.flip(), nodes.remaining() / MerkleHashes.SIZE);
    published = new Head(range.size(), root);
    return out;
  }

  @Override
  public Head head() {
    Head h = published;
    return new Head(h.size(), h.root().clone());
  }

  @Override
  public List<byte[]> entries(long from, long to) throws LogStoreException {
    long size = published.size(); // positional reads below it need no lock: those bytes never change
    if (from < 0 || from > to || to > size) {
      throw new IllegalArgumentException("entries [" + from + ", " + to + ") of a log of " + size);
    }
    List<byte[]> out = new ArrayList<>((int) Math.min(to - from, 1 << 16));
    try {
      if (from == to) {
        return out;
      }
      long offset = FileIo.readLong(index, from * 8);
      for (long i = from; i < to; i++) {
        ByteBuffer head = ByteBuffer.allocate(HEADER);
        FileIo.readFully(data, head, offset);
        int len = head.getInt(0);
        if (len <= 0 || len > MAX_ENTRY) {
          throw new LogStoreException("entry " + i + " has a corrupt length");
        }
        byte[] entry = new byte[len];
        FileIo.readFully(data, ByteBuffer.wrap(entry), offset + HEADER);
        if (RecordScanner.crc(entry) != head.getInt(4)) {
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
  public byte[][] nodes(long[] positions) throws LogStoreException {
    try {
      return tree.read(positions);
    } catch (IOException e) {
      throw new LogStoreException("cannot read the tree's nodes: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    try (lockFile; data; index; FileChannel t = tree.channel()) {
      lock.release();
    } catch (IOException e) {
      // closing a read-only view of durable data; nothing is lost
    }
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
}
