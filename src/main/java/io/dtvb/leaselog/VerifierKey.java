package io.dtvb.leaselog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The public half of a log key in the signed-note verifier format
 * {@code <name>+<key id, 8 hex digits>+<base64(0x01 || 32-byte Ed25519 public key)>}; the key id is
 * the first four bytes of SHA-256(name || "\n" || 0x01 || public key).
 */
public record VerifierKey(String name, byte[] publicKey) {
  /** The signed-note algorithm byte of Ed25519. */
  public static final byte ED25519 = 0x01;

  public VerifierKey {
    checkName(name);
    if (publicKey == null || publicKey.length != Ed25519PublicKeyParameters.KEY_SIZE) {
      throw new IllegalArgumentException("an Ed25519 public key has 32 bytes");
    }
    publicKey = publicKey.clone();
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** Parses the verifier string; the key id must match the name and key. */
  public static VerifierKey parse(String text) throws LogFormatException {
    String[] parts = text.strip().split("\\+", 3);
    if (parts.length != 3) {
      throw new LogFormatException("a verifier key is <name>+<key id>+<base64 key>");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new LogFormatException("verifier key is not base64");
    }
    if (key.length != 33 || key[0] != ED25519) {
      throw new LogFormatException("verifier key is not an Ed25519 key");
    }
    VerifierKey v;
    try {
      v = new VerifierKey(parts[0], Arrays.copyOfRange(key, 1, 33));
    } catch (IllegalArgumentException e) {
      throw new LogFormatException("verifier key: " + e.getMessage());
    }
    if (!HexFormat.of().formatHex(v.keyId()).equals(parts[1])) {
      throw new LogFormatException("verifier key id " + parts[1] + " does not match its name and key");
    }
    return v;
  }

  /** The verifier string, e.g. {@code dynatrace-vault-bridge/lease-log/x+1a2b3c4d+AXR...}. */
  public String encoded() {
    byte[] typed = new byte[33];
    typed[0] = ED25519;
    System.arraycopy(publicKey, 0, typed, 1, 32);
    return name + "+" + HexFormat.of().formatHex(keyId()) + "+" + Base64.getEncoder().encodeToString(typed);
  }

  /** The 4-byte key id that prefixes every signature made with this key. */
  public byte[] keyId() {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(name.getBytes(StandardCharsets.UTF_8));
      d.update((byte) '\n');
      d.update(ED25519);
      return Arrays.copyOf(d.digest(publicKey), 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }

  /** Whether {@code signature} (64 bytes, without key id) is this key's Ed25519 signature of {@code message}. */
  public boolean verify(byte[] message, byte[] signature) {
    if (signature.length != Ed25519PublicKeyParameters.KEY_SIZE * 2) {
      return false;
    }
    Ed25519Signer s = new Ed25519Signer();
    s.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
    s.update(message, 0, message.length);
    return s.verifySignature(signature);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VerifierKey v && name.equals(v.name) && Arrays.equals(publicKey, v.publicKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, Arrays.hashCode(publicKey));
  }

  @Override
  public String toString() {
    return encoded();
  }

  /** Key names are non-empty and contain no whitespace, '+' or control characters. */
  static void checkName(String name) {
    if (name == null || name.isEmpty() || name.codePoints().anyMatch(c -> c <= ' ' || c == '+' || c == 0x7f
        || Character.isWhitespace(c))) {
      throw new IllegalArgumentException("key name must be non-empty without spaces or '+': '" + name + "'");
    }
  }
}
