package io.dtvb.leaselog;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A log's size and root under its origin, in the C2SP tlog-checkpoint format: the note text is
 * {@code "<origin>\n<decimal size>\n<base64 root>\n"}, signed as a C2SP signed note.
 */
public record Checkpoint(String origin, long size, byte[] root) {

  public Checkpoint {
    if (origin == null || origin.isEmpty() || origin.contains("\n")) {
      throw new IllegalArgumentException("origin must be one non-empty line");
    }
    if (size < 0) {
      throw new IllegalArgumentException("negative size");
    }
    if (root == null || root.length != MerkleHashes.SIZE) {
      throw new IllegalArgumentException("root must be " + MerkleHashes.SIZE + " bytes");
    }
    root = root.clone();
  }

  @Override
  public byte[] root() {
    return root.clone();
  }

  /** The root as lowercase hex. */
  public String rootHex() {
    return HexFormat.of().formatHex(root);
  }

  /** The checkpoint text (the signed part of the note). */
  public String body() {
    return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(root) + "\n";
  }

  /** The signed note of this checkpoint. */
  public String sign(LogKey key) {
    return SignedNote.sign(body(), key);
  }

  /** The checkpoint in {@code note} after checking its signature by {@code key}. */
  public static Checkpoint open(String note, VerifierKey key) throws LogFormatException {
    return parseBody(SignedNote.open(note, key));
  }

  /** Parses checkpoint text; extension lines after the root are allowed and ignored. */
  public static Checkpoint parseBody(String body) throws LogFormatException {
    String[] lines = body.split("\n", -1);
    if (lines.length < 4 || !lines[lines.length - 1].isEmpty()) {
      throw new LogFormatException("a checkpoint has an origin, a size and a root line");
    }
    if (!lines[1].matches("0|[1-9][0-9]{0,18}")) {
      throw new LogFormatException("checkpoint size '" + lines[1] + "' is not a decimal number");
    }
    byte[] root;
    try {
      root = Base64.getDecoder().decode(lines[2]);
      return new Checkpoint(lines[0], Long.parseLong(lines[1]), root);
    } catch (IllegalArgumentException e) {
      throw new LogFormatException("checkpoint: " + e.getMessage());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Checkpoint c && origin.equals(c.origin) && size == c.size && Arrays.equals(root, c.root);
  }

  @Override
  public int hashCode() {
    return Objects.hash(origin, size, Arrays.hashCode(root));
  }

  @Override
  public String toString() {
    return "Checkpoint[" + origin + ", size=" + size + ", root=" + rootHex() + "]";
  }
}
