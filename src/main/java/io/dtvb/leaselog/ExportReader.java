package io.dtvb.leaselog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Streams a lease-log export ({@link LeaseLog} describes the format) line by line: the header
 * first, then each entry's raw bytes, then the checkpoint note; never holds more than one line.
 */
public final class ExportReader implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] CHECKPOINT_PREFIX = "{\"checkpoint\":".getBytes(StandardCharsets.UTF_8);
  private static final int MAX_LINE = FileLogStore.MAX_ENTRY + 4096;

  private final InputStream in;
  // Own buffer, scanned for the newline in bulk: BufferedInputStream.read() per byte (a
  // synchronized call each) was a quarter of verify's time.
  private final byte[] buffer = new byte[1 << 16];
  private int position;
  private int limit;
  private final String origin;
  private final long declaredSize;
  private String checkpointNote;
  private boolean ended;
  private final boolean view;
  private static final byte[] LEAF_PREFIX = "{\"leaf_hash\":".getBytes(StandardCharsets.UTF_8);

  /** Reads the header line; fails if it is not this format's header. */
  public ExportReader(InputStream in) throws IOException, LogFormatException {
    this.in = in;
    byte[] header = readLine();
    if (header == null) {
      throw new LogFormatException("the export is empty");
    }
    JsonNode h;
    try {
      h = JSON.readTree(header);
    } catch (IOException e) {
      throw new LogFormatException("the export's header is not JSON");
    }
    String format = h == null ? null : h.path("format").asText(null);
    view = LeaseLog.VIEW_FORMAT.equals(format);
    if (h == null || !(LeaseLog.EXPORT_FORMAT.equals(format) || view)
        || !h.path("origin").isTextual() || !h.path("size").canConvertToLong()) {
      throw new LogFormatException("not a " + LeaseLog.EXPORT_FORMAT + " export (bad header line)");
    }
    origin = h.get("origin").textValue();
    declaredSize = h.get("size").longValue();
  }

  /** True for one connection's view ({@link LeaseLog#VIEW_FORMAT}), whose other entries are leaf hashes. */
  public boolean isView() {
    return view;
  }

  /**
   * The leaf hash a view line stands for, or null when the line is an entry. Only views may hold
   * such lines.
   */
  public byte[] leafHash(byte[] line) throws LogFormatException {
    if (!startsWith(line, LEAF_PREFIX)) {
      return null;
    }
    if (!view) {
      throw new LogFormatException("a leaf_hash line in a full export");
    }
    try {
      JsonNode n = JSON.readTree(line);
      byte[] h = java.util.HexFormat.of().parseHex(n.path("leaf_hash").asText(""));
      if (h.length != MerkleHashes.SIZE || n.size() != 1) {
        throw new LogFormatException("a leaf_hash line must hold exactly one " + MerkleHashes.SIZE + "-byte hex hash");
      }
      return h;
    } catch (IOException | IllegalArgumentException e) {
      throw new LogFormatException("a leaf_hash line is not valid");
    }
  }

  /** The origin the header names. */
  public String origin() {
    return origin;
  }

  /** The size the header announces (unsigned: trust the checkpoint instead). */
  public long declaredSize() {
    return declaredSize;
  }

  /** The next entry's bytes, or null after the last one (then see {@link #checkpointNote()}). */
  public byte[] nextEntry() throws IOException, LogFormatException {
    if (ended) {
      return null;
    }
    byte[] line = readLine();
    if (line == null) {
      ended = true;
      return null;
    }
    if (startsWith(line, CHECKPOINT_PREFIX)) {
      ended = true;
      JsonNode n;
      try {
        n = JSON.readTree(line);
      } catch (IOException e) {
        throw new LogFormatException("the checkpoint line is not JSON");
      }
      if (n == null || !n.path("checkpoint").isTextual()) {
        throw new LogFormatException("the checkpoint line has no checkpoint text");
      }
      checkpointNote = n.get("checkpoint").textValue();
      if (readLine() != null) {
        throw new LogFormatException("lines after the checkpoint");
      }
      return null;
    }
    return line;
  }

  /** The signed checkpoint note of the last line; null if the export ended without one. */
  public String checkpointNote() {
    return checkpointNote;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private byte[] readLine() throws IOException, LogFormatException {
    ByteArrayOutputStream spill = null; // a line that runs past the buffer
    while (true) {
      if (position == limit) {
        int n = in.read(buffer, 0, buffer.length);
        position = 0;
        limit = Math.max(n, 0);
        if (n <= 0) {
          // a last line without its newline is returned as it is: it then fails as an entry or checkpoint
          return spill != null && spill.size() > 0 ? spill.toByteArray() : null;
        }
      }
      int end = position;
      while (end < limit && buffer[end] != '\n') {
        end++;
      }
      if ((spill == null ? 0 : spill.size()) + end - position > MAX_LINE) {
        throw new LogFormatException("a line longer than " + MAX_LINE + " bytes");
      }
      if (end < limit && spill == null) {
        byte[] line = Arrays.copyOfRange(buffer, position, end);
        position = end + 1;
        return line;
      }
      if (spill == null) {
        spill = new ByteArrayOutputStream(2 * (end - position) + 64);
      }
      spill.write(buffer, position, end - position);
      position = end;
      if (end < limit) {
        position++;
        return spill.toByteArray();
      }
    }
  }

  private static boolean startsWith(byte[] line, byte[] prefix) {
    if (line.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (line[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
