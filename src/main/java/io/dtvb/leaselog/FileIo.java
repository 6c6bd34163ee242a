package io.dtvb.leaselog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Positional whole-buffer reads and writes, and directory sync, for the file store. */
final class FileIo {
  private FileIo() {}

  static void syncDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true); // makes newly created files' directory entries durable (Linux)
    } catch (IOException e) {
      // not supported on every platform; the files' contents are synced on every append
    }
  }

  static void writeFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    long p = position;
    while (buf.hasRemaining()) {
      p += ch.write(buf, p);
    }
  }

  static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    long p = position;
    while (buf.hasRemaining()) {
      int r = ch.read(buf, p);
      if (r < 0) {
        throw new IOException("unexpected end of file at " + p);
      }
      p += r;
    }
  }

  static long readLong(FileChannel ch, long position) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(8);
    readFully(ch, b, position);
    return b.getLong(0);
  }
}
