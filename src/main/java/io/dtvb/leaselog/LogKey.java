package io.dtvb.leaselog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The lease log's Ed25519 signing key and its name (the log's origin), in the signed-note key
 * formats: the private key file {@code PRIVATE+KEY+<name>+<key id>+<base64(0x01 || seed)>} (mode
 * 0600, created on first start) and the exportable verifier key {@code <name>+<key id>+<base64(0x01
 * || public key)>}, where the key id is the first 4 bytes of SHA-256(name || "\n" || 0x01 || public key).
 */
public final class LogKey {
  private static final byte ED25519 = 0x01;
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private final String name;
  private final Ed25519PrivateKeyParameters privateKey;

  private LogKey(String name, Ed25519PrivateKeyParameters privateKey) {
    this.name = name;
    this.privateKey = privateKey;
  }

  /** A fresh key named {@code name} (tests, and the first start). */
  public static LogKey generate(String name) {
    checkName(name);
    return new LogKey(name, new Ed25519PrivateKeyParameters(new SecureRandom()));
  }

  /**
   * Loads the key file, or creates it (mode 0600, named {@code dynatrace-vault-bridge/lease-log/<random>})
   * when it does not exist. Refuses a key file that others may read.
   */
  public static LogKey loadOrCreate(Path file) throws IOException {
    if (Files.exists(file)) {
      if (Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.containsAll(perms)) {
          throw new IOException("lease log key " + file + " is readable by others ("
              + PosixFilePermissions.toString(perms) + "); chmod 600 it");
        }
      }
      return parsePrivate(Files.readString(file, StandardCharsets.UTF_8).strip());
    }
    byte[] id = new byte[4];
    new SecureRandom().nextBytes(id);
    LogKey key = generate("dynatrace-vault-bridge/lease-log/" + HexFormat.of().formatHex(id));
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    Files.writeString(tmp, key.privateKeyText() + "\n", StandardCharsets.UTF_8);
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      Files.deleteIfExists(tmp);
      return loadOrCreate(file); // another process created it first
    }
    return key;
  }

  static LogKey parsePrivate(String text) throws IOException {
    String[] parts = text.split("\\+");
    if (parts.length != 5 || !parts[0].equals("PRIVATE") || !parts[1].equals("KEY")) {
      throw new IOException("not a lease log private key (expected PRIVATE+KEY+<name>+<id>+<key>)");
    }
    byte[] raw = Base64.getDecoder().decode(parts[4]);
    if (raw.length != 33 || raw[0] != ED25519) {
      throw new IOException("lease log private key is not an Ed25519 key");
    }
    LogKey key = new LogKey(parts[2], new Ed25519PrivateKeyParameters(raw, 1));
    if (!key.keyIdHex().equals(parts[3])) {
      throw new IOException("lease log private key id does not match its key");
    }
    return key;
  }

  public String name() {
    return name;
  }

  /** The verifier key to publish and pin: {@code <name>+<key id>+<base64(0x01 || public key)>}. */
  public String verifierKey() {
    return name + "+" + keyIdHex() + "+" + Base64.getEncoder().encodeToString(typed(publicKey()));
  }

  /** Signs a message (the checkpoint body). */
  public byte[] sign(byte[] message) {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, privateKey);
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }

  byte[] keyId() {
    return keyId(name, publicKey());
  }

  private String keyIdHex() {
    return HexFormat.of().formatHex(keyId());
  }

  private byte[] publicKey() {
    return privateKey.generatePublicKey().getEncoded();
  }

  private String privateKeyText() {
    return "PRIVATE+KEY+" + name + "+" + keyIdHex() + "+" + Base64.getEncoder().encodeToString(typed(privateKey.getEncoded()));
  }

  static byte[] keyId(String name, byte[] publicKey) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(name.getBytes(StandardCharsets.UTF_8));
      d.update((byte) '\n');
      d.update(ED25519);
      return Arrays.copyOf(d.digest(publicKey), 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] typed(byte[] key) {
    byte[] out = new byte[key.length + 1];
    out[0] = ED25519;
    System.arraycopy(key, 0, out, 1, key.length);
    return out;
  }

  private static void checkName(String name) {
    if (name == null || name.isEmpty() || name.contains("+") || name.chars().anyMatch(c -> c <= ' ')) {
      throw new IllegalArgumentException("key name must be non-empty without '+' or spaces");
    }
  }

  /** A parsed verifier key: checks signatures made by the matching private key. */
  public record Verifier(String name, byte[] keyId, byte[] publicKey) {

    /** Parses {@code <name>+<hex key id>+<base64(0x01 || public key)>}; null-safe errors name the problem. */
    public static Verifier parse(String text) {
      String[] parts = text.strip().split("\\+");
      if (parts.length != 3) {
        throw new IllegalArgumentException("a verifier key is <name>+<key id>+<key>");
      }
      byte[] raw;
      try {
        raw = Base64.getDecoder().decode(parts[2]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the verifier key's key is not base64");
      }
      if (raw.length != 33 || raw[0] != ED25519) {
        throw new IllegalArgumentException("the verifier key is not an Ed25519 key");
      }
      byte[] pub = Arrays.copyOfRange(raw, 1, 33);
      byte[] id = LogKey.keyId(parts[0], pub);
      if (!HexFormat.of().formatHex(id).equals(parts[1])) {
        throw new IllegalArgumentException("the verifier key's id does not match its name and key");
      }
      return new Verifier(parts[0], id, pub);
    }

    public boolean verify(byte[] message, byte[] signature) {
      Ed25519Signer v = new Ed25519Signer();
      v.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
      v.update(message, 0, message.length);
      return v.verifySignature(signature);
    }
  }
}
