package io.dtvb.leaselog;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * The C2SP signed-note format: the text, a blank line, then one line per signature
 * {@code "— <key name> <base64(4-byte key id || signature)>"}; the signed message is the text.
 */
public final class SignedNote {
  private static final String DASH = "\u2014 ";

  private SignedNote() {}

  /** The note of {@code text} (which must end with a newline) signed by {@code key}. */
  public static String sign(String text, LogKey key) {
    if (!text.endsWith("\n") || text.isEmpty()) {
      throw new IllegalArgumentException("note text must end with a newline");
    }
    byte[] sig = key.sign(text.getBytes(StandardCharsets.UTF_8));
    byte[] id = key.verifier().keyId();
    byte[] both = new byte[id.length + sig.length];
    System.arraycopy(id, 0, both, 0, id.length);
    System.arraycopy(sig, 0, both, id.length, sig.length);
    return text + "\n" + DASH + key.name() + " " + Base64.getEncoder().encodeToString(both) + "\n";
  }

  /**
   * The text of {@code note} if it carries a valid signature by {@code key}; signatures by other
   * keys are ignored, a signature that claims to be by {@code key} but does not verify is refused.
   */
  public static String open(String note, VerifierKey key) throws LogFormatException {
    int split = note.lastIndexOf("\n\n");
    if (split < 0 || !note.endsWith("\n")) {
      throw new LogFormatException("not a signed note (no signature block)");
    }
    String text = note.substring(0, split + 1);
    byte[] message = text.getBytes(StandardCharsets.UTF_8);
    boolean verified = false;
    for (String line : note.substring(split + 2).split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      if (!line.startsWith(DASH)) {
        throw new LogFormatException("malformed signature line");
      }
      String[] parts = line.substring(DASH.length()).split(" ", -1);
      byte[] both;
      try {
        both = parts.length == 2 ? Base64.getDecoder().decode(parts[1]) : new byte[0];
      } catch (IllegalArgumentException e) {
        throw new LogFormatException("signature is not base64");
      }
      if (both.length < 5) {
        throw new LogFormatException("malformed signature line");
      }
      if (!parts[0].equals(key.name()) || !Arrays.equals(Arrays.copyOf(both, 4), key.keyId())) {
        continue; // somebody else's signature (a witness, say)
      }
      if (!key.verify(message, Arrays.copyOfRange(both, 4, both.length))) {
        throw new LogFormatException("the signature by " + key.name() + " does not verify");
      }
      verified = true;
    }
    if (!verified) {
      throw new LogFormatException("no signature by key " + key.name() + "+"
          + java.util.HexFormat.of().formatHex(key.keyId()));
    }
    return text;
  }
}
