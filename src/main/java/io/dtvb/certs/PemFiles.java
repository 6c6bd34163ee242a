package io.dtvb.certs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes and reads PEM files; private keys are created with mode 0600 from the first byte (never
 * written into a wider file and narrowed afterwards).
 */
public final class PemFiles {

  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

  private PemFiles() {}

  /** Writes a certificate (mode 0644); fails with FileAlreadyExistsException unless overwrite. */
  public static void writeCertificate(Path file, String pem, boolean overwrite) throws IOException {
    write(file, pem, PUBLIC, overwrite);
  }

  /** Writes a private key (mode 0600); fails with FileAlreadyExistsException unless overwrite. */
  public static void writePrivateKey(Path file, String pem, boolean overwrite) throws IOException {
    write(file, pem, OWNER_ONLY, overwrite);
  }

  /** The whole file as UTF-8 text. */
  public static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  private static void write(Path file, String pem, Set<PosixFilePermission> mode, boolean overwrite)
      throws IOException {
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    if (overwrite) {
      // Recreate rather than truncate, so an old file's wider mode or owner does not carry over.
      Files.deleteIfExists(file);
    }
    FileAttribute<?>[] attributes = posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)}
        : new FileAttribute<?>[0];
    Files.createFile(file, attributes);
    if (posix) {
      Files.setPosixFilePermissions(file, mode); // the umask may have narrowed a certificate's mode
    }
    Files.writeString(file, pem, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
  }
}
