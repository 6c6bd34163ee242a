package io.dtvb.sidecar;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which client identity owns each connection id: the first caller that creates a connection binds
 * it, and only an operator action ({@code sidecar bindings rebind|remove}) changes that. Kept in
 * {@code bindings.json} in the state directory (mode 0600, replaced atomically under a lock file,
 * so the CLI and a running sidecar can both change it); holds identities and token ids, never a
 * credential. Without a directory the bindings live in memory only.
 */
public final class Bindings {
  public static final String FILE = "bindings.json";
  private static final ObjectMapper JSON = io.dtvb.sidecarapi.SidecarJson.mapper();

  /** One connection's owner, when it was bound, and the minter token ids it may retire. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Binding(@JsonProperty("identity") String identity, @JsonProperty("bound_at") Instant boundAt,
      @JsonProperty("retirable_minters") List<String> retirableMinters) {
    public Binding {
      retirableMinters = retirableMinters == null ? List.of() : List.copyOf(retirableMinters);
    }
  }

  /** The file's shape. */
  record State(@JsonProperty("bindings") Map<String, Binding> bindings) {}

  private final Path dir;
  private Map<String, Binding> bindings = new TreeMap<>();
  private Object loaded;

  private Bindings(Path dir) {
    this.dir = dir;
  }

  /** Bindings kept in {@code dir} (created if missing), or in memory when dir is null. */
  public static Bindings open(Path dir) throws IOException {
    Bindings b = new Bindings(dir);
    if (dir != null) {
      Files.createDirectories(dir);
      b.reload();
    }
    return b;
  }

  /** The identity of a client certificate as the sidecar sees it: "sha256:" and the hex SHA-256 of its DER. */
  public static String identityOf(java.security.cert.Certificate cert) {
    return Caller.fingerprint(cert);
  }

  /** The owner of a connection id, or null when it is not bound; picks up changes made by the CLI. */
  public synchronized Binding get(String connectionId) {
    reloadQuietly();
    return bindings.get(connectionId);
  }

  /** A copy of every binding. */
  public synchronized Map<String, Binding> all() {
    reloadQuietly();
    return new TreeMap<>(bindings);
  }

  /**
   * Binds the id to the identity if it is unbound; answers the binding that holds afterwards (the
   * caller compares its identity with it).
   */
  public synchronized Binding bindIfAbsent(String connectionId, String identity) throws IOException {
    Binding bound = get(connectionId);
    if (bound != null) {
      return bound; // nothing to write: every push of a bound connection would rewrite and fsync the file
    }
    return modify(m -> m.computeIfAbsent(connectionId, k -> new Binding(identity, Instant.now(), List.of())))
        .get(connectionId);
  }

  /** Sets (operator rebind) or removes (identity null) the binding of an id; answers the previous one. */
  public synchronized Binding set(String connectionId, String identity) throws IOException {
    Binding[] old = new Binding[1];
    modify(m -> {
      old[0] = identity == null ? m.remove(connectionId)
          : m.put(connectionId, new Binding(identity, Instant.now(), retirable(m.get(connectionId))));
      return null;
    });
    return old[0];
  }

  /** Remembers a minter token id the connection may retire later (its replaced minter). */
  public synchronized void addRetirable(String connectionId, String tokenId) throws IOException {
    modify(m -> {
      Binding b = m.get(connectionId);
      if (b != null && !b.retirableMinters().contains(tokenId)) {
        List<String> ids = new ArrayList<>(b.retirableMinters());
        ids.add(tokenId);
        m.put(connectionId, new Binding(b.identity(), b.boundAt(), ids.subList(Math.max(0, ids.size() - 16),
            ids.size())));
      }
      return null;
    });
  }

  private static List<String> retirable(Binding b) {
    return b == null ? List.of() : b.retirableMinters();
  }

  private interface Change {
    Object apply(Map<String, Binding> m);
  }

  private Map<String, Binding> modify(Change change) throws IOException {
    if (dir == null) {
      change.apply(bindings);
      return bindings;
    }
    try (FileChannel lockFile = FileChannel.open(dir.resolve(FILE + ".lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
      reload();
      Map<String, Binding> next = new TreeMap<>(bindings);
      change.apply(next);
      write(next);
      bindings = next;
      return bindings;
    }
  }

  private void write(Map<String, Binding> next) throws IOException {
    Path tmp = dir.resolve(FILE + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(new State(next))));
      ch.force(true);
    }
    try {
      Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING);
    }
    loaded = version(dir.resolve(FILE));
  }

  /** What changes whenever the file is replaced (its inode) or edited in place (its time and size). */
  private static Object version(Path file) throws IOException {
    var a = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
    return List.of(String.valueOf(a.fileKey()), a.lastModifiedTime(), a.size());
  }

  private void reloadQuietly() {
    if (dir == null) {
      return;
    }
    try {
      reload();
    } catch (IOException e) {
      // keep what was loaded last: a half-edited file never unbinds a connection
      SidecarLog.log("error", "cannot read the bindings file; keeping the bindings loaded before",
          new io.vertx.core.json.JsonObject().put("file", dir.resolve(FILE).toString()).put("error", e.getMessage()));
    }
  }

  private void reload() throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.exists(file)) {
      bindings = new TreeMap<>();
      loaded = null;
      return;
    }
    Object t = version(file);
    if (t.equals(loaded)) {
      return;
    }
    State s = JSON.readValue(file.toFile(), State.class);
    bindings = s.bindings() == null ? new TreeMap<>() : new TreeMap<>(s.bindings());
    loaded = t;
  }
}
