package io.dtvb.leaselog;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** RFC 6962 hashing: SHA-256 with a 0x00 prefix for leaves and 0x01 for interior nodes. */
public final class MerkleHashes {
  /** Length of every hash in bytes. */
  public static final int SIZE = 32;

  // One digest per thread: MessageDigest.getInstance costs a provider lookup, which showed up in
  // verify profiles next to the hashing itself (checking prev_root costs a root per entry: one
  // node hash per set bit of the tree size).
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(MerkleHashes::newSha256);

  private MerkleHashes() {}

  /** The root of the empty tree: SHA-256 of nothing. */
  public static byte[] emptyRoot() {
    return digest().digest();
  }

  /** SHA-256(0x00 || entry). */
  public static byte[] leaf(byte[] entry) {
    MessageDigest d = digest();
    d.update((byte) 0x00);
    return d.digest(entry);
  }

  /** SHA-256(0x01 || left || right). */
  public static byte[] node(byte[] left, byte[] right) {
    MessageDigest d = digest();
    d.update((byte) 0x01);
    d.update(left);
    return d.digest(right);
  }

  /** This thread's digest, ready: every use ends in digest(), which resets it, and nothing between can throw. */
  private static MessageDigest digest() {
    return SHA256.get();
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }
}
