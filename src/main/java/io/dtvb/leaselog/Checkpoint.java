package io.dtvb.leaselog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A signed tree head in the C2SP tlog-checkpoint format: the body is the origin, the tree size and
 * the base64 root, one per line; the signed note adds a blank line and one signature line
 * {@code — <key name> <base64(4-byte key id || Ed25519 signature over the body)>}.
 */
public record Checkpoint(String origin, long size, byte[] root) {
  private static final String DASH = "\u2014 ";

  /** The checkpoint body (what is signed). */
  public String body() {
    return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(root) + "\n";
  }

  /** The signed note text. */
  public String sign(LogKey key) {
    byte[] sig = key.sign(body().getBytes(StandardCharsets.UTF_8));
    byte[] idAndSig = ByteBuffer.allocate(4 + sig.length).put(key.keyId()).put(sig).array();
    return body() + "\n" + DASH + key.name() + " " + Base64.getEncoder().encodeToString(idAndSig) + "\n";
  }

  public String rootHex() {
    return HexFormat.of().formatHex(root);
  }

  /**
   * Parses a signed note and checks that it carries a valid signature by {@code verifier}; throws
   * {@link IllegalArgumentException} saying what is wrong.
   */
  public static Checkpoint verify(String note, LogKey.Verifier verifier) {
    int split = note.indexOf("\n\n");
    if (split < 0) {
      throw new IllegalArgumentException("checkpoint has no signature block");
    }
    String body = note.substring(0, split + 1);
    String[] lines = body.split("\n");
    if (lines.length != 3) {
      throw new IllegalArgumentException("checkpoint body must be origin, size and root lines");
    }
    long size;
    byte[] root;
    try {
      size = Long.parseLong(lines[1]);
      root = Base64.getDecoder().decode(lines[2]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("checkpoint size or root is malformed");
    }
    if (size < 0 || root.length != MerkleHashes.SIZE) {
      throw new IllegalArgumentException("checkpoint size or root is malformed");
    }
    boolean signed = false;
    for (String line : note.substring(split + 2).split("\n")) {
      if (!line.startsWith(DASH)) {
        continue;
      }
      String[] parts = line.substring(DASH.length()).split(" ");
      if (parts.length != 2 || !parts[0].equals(verifier.name())) {
        continue;
      }
      byte[] raw;
      try {
        raw = Base64.getDecoder().decode(parts[1]);
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (raw.length == 68 && Arrays.equals(Arrays.copyOf(raw, 4), verifier.keyId())
          && verifier.verify(body.getBytes(StandardCharsets.UTF_8), Arrays.copyOfRange(raw, 4, 68))) {
        signed = true;
      }
    }
    if (!signed) {
      throw new IllegalArgumentException("checkpoint is not signed by " + verifier.name() + " (signature missing or invalid)");
    }
    if (!lines[0].equals(verifier.name())) {
      throw new IllegalArgumentException("checkpoint origin " + lines[0] + " is not the key's log " + verifier.name());
    }
    return new Checkpoint(lines[0], size, root);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Checkpoint c && c.origin.equals(origin) && c.size == size && Arrays.equals(c.root, root);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(size) * 31 + Arrays.hashCode(root);
  }
}
