package io.dtvb.leaselog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The log's Ed25519 signing key and its name; kept in a file of mode 0600 in the signed-note
 * private key format {@code PRIVATE+KEY+<name>+<key id>+<base64(0x01 || 32-byte seed)>}.
 *
 * <p>{@link #loadOrCreate} creates the file on first start (written to a temporary 0600 file, then
 * renamed into place, so no reader ever sees a partial or wider file) and refuses to use an existing
 * file that group or others may read.
 */
public final class LogKey {
  /** The key file's name inside the key directory. */
  public static final String FILE_NAME = "lease-log-signing.key";
  private static final String PREFIX = "PRIVATE+KEY+";
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private final String name;
  private final Ed25519PrivateKeyParameters key;

  private LogKey(String name, Ed25519PrivateKeyParameters key) {
    VerifierKey.checkName(name);
    this.name = name;
    this.key = key;
  }

  /** A fresh random key (not stored anywhere). */
  public static LogKey generate(String name) {
    return new LogKey(name, new Ed25519PrivateKeyParameters(new SecureRandom()));
  }

  /** Loads {@code dir/lease-log-signing.key}, creating it (and dir) for {@code name} if absent. */
  public static LogKey loadOrCreate(Path dir, String name) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      LogKey created = generate(name);
      try {
        created.writeNew(file);
        return created;
      } catch (FileAlreadyExistsException raced) {
        // another process created it first: use theirs
      }
    }
    LogKey loaded = load(file);
    if (!loaded.name.equals(name)) {
      throw new IOException("key file " + file + " is for log '" + loaded.name + "', not '" + name + "'");
    }
    return loaded;
  }

  /** Loads an existing key file; refuses one that group or others can read. */
  public static LogKey load(Path file) throws IOException {
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
      if (!OWNER_ONLY.containsAll(mode)) {
        throw new IOException("key file " + file + " has mode " + PosixFilePermissions.toString(mode)
            + "; it must not be accessible to group or others (chmod 600)");
      }
    }
    try {
      return parse(Files.readString(file, StandardCharsets.US_ASCII).strip());
    } catch (LogFormatException e) {
      throw new IOException("key file " + file + ": " + e.getMessage(), e);
    }
  }

  /** The key's name (the checkpoint origin by convention). */
  public String name() {
    return name;
  }

  /** The public half, to give to verifiers. */
  public VerifierKey verifier() {
    return new VerifierKey(name, key.generatePublicKey().getEncoded());
  }

  /** The 64-byte Ed25519 signature of {@code message}. */
  public byte[] sign(byte[] message) {
    Ed25519Signer s = new Ed25519Signer();
    s.init(true, key);
    s.update(message, 0, message.length);
    return s.generateSignature();
  }

  private String encoded() {
    byte[] typed = new byte[33];
    typed[0] = VerifierKey.ED25519;
    System.arraycopy(key.getEncoded(), 0, typed, 1, 32);
    String text = PREFIX + name + "+" + HexFormat.of().formatHex(verifier().keyId()) + "+"
        + Base64.getEncoder().encodeToString(typed) + "\n";
    Arrays.fill(typed, (byte) 0);
    return text;
  }

  private static LogKey parse(String text) throws LogFormatException {
    if (!text.startsWith(PREFIX)) {
      throw new LogFormatException("not a signed-note private key");
    }
    String[] parts = text.substring(PREFIX.length()).split("\\+", 3);
    byte[] typed;
    try {
      typed = parts.length == 3 ? Base64.getDecoder().decode(parts[2]) : new byte[0];
    } catch (IllegalArgumentException e) {
      throw new LogFormatException("private key is not base64");
    }
    if (typed.length != 33 || typed[0] != VerifierKey.ED25519) {
      throw new LogFormatException("not an Ed25519 signed-note private key");
    }
    LogKey k;
    try {
      k = new LogKey(parts[0], new Ed25519PrivateKeyParameters(typed, 1));
    } catch (IllegalArgumentException e) {
      throw new LogFormatException(e.getMessage());
    } finally {
      Arrays.fill(typed, (byte) 0);
    }
    if (!HexFormat.of().formatHex(k.verifier().keyId()).equals(parts[1])) {
      throw new LogFormatException("key id does not match the key");
    }
    return k;
  }

  private void writeNew(Path file) throws IOException {
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    FileAttribute<?>[] attrs = posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
        : new FileAttribute<?>[0];
    Path tmp = Files.createTempFile(file.getParent(), ".lease-log-key", ".tmp", attrs);
    try {
      Files.writeString(tmp, encoded(), StandardCharsets.US_ASCII);
      try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      try {
        Files.createLink(file, tmp); // atomic, and fails if another process created the key first
      } catch (UnsupportedOperationException e) {
        Files.move(tmp, file); // fails with FileAlreadyExistsException if present
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
