package io.dtvb.leaselog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The embedded lease log: two append-only files in a directory. {@code entries.dat} holds records
 * {@code [u32 length][entry bytes][32-byte leaf hash]}; {@code entries.idx} holds each record's
 * u64 offset. An append writes and fsyncs the record, then the index entry: a crash leaves at most
 * a torn record or index tail, which opening detects (length, leaf hash) and cuts off, so the log
 * reopens with every fully appended entry. One process writes; several replicas need PostgreSQL.
 */
public final class FileLogStore implements LogStore {
  private static final int HEADER = 4;

  private final FileChannel data;
  private final FileChannel index;
  private final CompactRange range = new CompactRange();
  private final List<byte[]> leafHashes = new ArrayList<>();
  private final List<Long> offsets = new ArrayList<>();
  private long dataEnd;

  private FileLogStore(FileChannel data, FileChannel index) {
    this.data = data;
    this.index = index;
  }

  /** Opens (or creates) the log in {@code dir}, recovering from a crash mid-append. */
  public static FileLogStore open(Path dir) throws LogStoreException {
    try {
      Files.createDirectories(dir);
      FileChannel data = FileChannel.open(dir.resolve("entries.dat"), StandardOpenOption.CREATE,
          StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileChannel index = FileChannel.open(dir.resolve("entries.idx"), StandardOpenOption.CREATE,
          StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLogStore store = new FileLogStore(data, index);
      store.recover();
      return store;
    } catch (IOException e) {
      throw new LogStoreException("cannot open the lease log in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Reads the index, keeps every entry whose record is whole and intact, and cuts off the rest. */
  private void recover() throws IOException {
    long indexed = index.size() / 8;
    ByteBuffer offsetsBuf = ByteBuffer.allocate((int) Math.min(indexed * 8, Integer.MAX_VALUE));
    index.read(offsetsBuf, 0);
    offsetsBuf.flip();
    long expected = 0;
    for (long i = 0; i < indexed; i++) {
      long offset = offsetsBuf.getLong();
      byte[] entry = offset == expected ? readRecord(offset) : null;
      if (entry == null) {
        break; // torn or out-of-order tail: everything from here on was never fully appended
      }
      byte[] leaf = MerkleHashes.leaf(entry);
      offsets.add(offset);
      leafHashes.add(leaf);
      range.append(leaf);
      expected = offset + HEADER + entry.length + MerkleHashes.SIZE;
    }
    dataEnd = expected;
    index.truncate((long) offsets.size() * 8);
    data.truncate(dataEnd);
    index.force(true);
    data.force(true);
  }

  /** The entry of the record at {@code offset}, or null when it is incomplete or its hash is wrong. */
  private byte[] readRecord(long offset) throws IOException {
    if (offset + HEADER > data.size()) {
      return null;
    }
    ByteBuffer len = ByteBuffer.allocate(HEADER);
    data.read(len, offset);
    int length = len.flip().getInt();
    if (length < 0 || offset + HEADER + length + MerkleHashes.SIZE > data.size()) {
      return null;
    }
    ByteBuffer body = ByteBuffer.allocate(length + MerkleHashes.SIZE);
    data.read(body, offset + HEADER);
    byte[] all = body.array();
    byte[] entry = Arrays.copyOf(all, length);
    return Arrays.equals(MerkleHashes.leaf(entry), Arrays.copyOfRange(all, length, all.length)) ? entry : null;
  }

  @Override
  public synchronized Head append(EntryBuilder builder) throws LogStoreException {
    long i = range.size();
    byte[] entry = builder.build(i, range.root());
    byte[] leaf = MerkleHashes.leaf(entry);
    ByteBuffer record = ByteBuffer.allocate(HEADER + entry.length + MerkleHashes.SIZE)
        .putInt(entry.length).put(entry).put(leaf).flip();
    try {
      long offset = dataEnd;
      writeFully(data, record, offset);
      data.force(false);
      writeFully(index, ByteBuffer.allocate(8).putLong(offset).flip(), i * 8);
      index.force(false);
      dataEnd = offset + record.capacity();
      offsets.add(offset);
    } catch (IOException e) {
      throw new LogStoreException("cannot append to the lease log: " + e.getMessage(), e);
    }
    leafHashes.add(leaf);
    range.append(leaf);
    return new Head(range.size(), range.root());
  }

  private static void writeFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    long at = position;
    while (buf.hasRemaining()) {
      at += ch.write(buf, at);
    }
  }

  @Override
  public synchronized Head head() {
    return new Head(range.size(), range.root());
  }

  @Override
  public synchronized List<byte[]> entries(long from, long to) throws LogStoreException {
    check(from, to);
    List<byte[]> out = new ArrayList<>();
    try {
      for (long i = from; i < to; i++) {
        byte[] e = readRecord(offsets.get((int) i));
        if (e == null) {
          throw new LogStoreException("lease log record " + i + " is damaged on disk");
        }
        out.add(e);
      }
    } catch (IOException e) {
      throw new LogStoreException("cannot read the lease log: " + e.getMessage(), e);
    }
    return out;
  }

  @Override
  public synchronized List<byte[]> leafHashes(long from, long to) throws LogStoreException {
    check(from, to);
    return new ArrayList<>(leafHashes.subList((int) from, (int) to));
  }

  private void check(long from, long to) throws LogStoreException {
    if (from < 0 || to < from || to > range.size()) {
      throw new LogStoreException("entries [" + from + ", " + to + ") asked, " + range.size() + " stored");
    }
  }

  @Override
  public synchronized void close() {
    try {
      data.close();
      index.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
