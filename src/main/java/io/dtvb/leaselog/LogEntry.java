package io.dtvb.leaselog;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One entry of the lease log: the event, its position ({@code index}) and the root of the tree of
 * all entries before it ({@code prev_root}), in a single canonical byte form.
 *
 * <p>Canonical form: UTF-8 JSON without whitespace, object keys sorted (Java {@code String} order),
 * null/empty values and {@code upstream_status} 0 omitted, times as RFC 3339 UTC with exactly three
 * fraction digits ({@code 2026-01-02T03:04:05.678Z}), {@code prev_root} lowercase hex. {@link #decode}
 * accepts only bytes that re-encode to themselves, so any altered byte makes the entry invalid.
 */
public record LogEntry(long index, byte[] prevRoot, LeaseEvent event) {

  /** The time format of every instant in an entry. */
  public static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);


  public LogEntry {
    if (index < 0) {
      throw new IllegalArgumentException("negative index " + index);
    }
    if (prevRoot == null || prevRoot.length != MerkleHashes.SIZE) {
      throw new IllegalArgumentException("prev_root must be " + MerkleHashes.SIZE + " bytes");
    }
    prevRoot = prevRoot.clone();
    java.util.Objects.requireNonNull(event, "event");
  }

  @Override
  public byte[] prevRoot() {
    return prevRoot.clone();
  }

  /** Whether the entry records {@code root} as the root before it (without copying its own). */
  public boolean hasPrevRoot(byte[] root) {
    return Arrays.equals(prevRoot, root);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LogEntry other && index == other.index && Arrays.equals(prevRoot, other.prevRoot)
        && event.equals(other.event);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(index, Arrays.hashCode(prevRoot), event);
  }

  @Override
  public String toString() {
    return new String(encode(), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The canonical bytes (what is hashed into the tree and exported as one line). */
  public byte[] encode() {
    try {
      return write(CanonicalJson.plain());
    } catch (CanonicalJson.NotPlain e) {
      return write(CanonicalJson.jackson());
    }
  }

  /**
   * The fields in sorted key order: the bytes are exactly those of serializing a TreeMap of the
   * fields with Jackson, which is how entries were first written, without building one (decode
   * re-encodes every entry to check its canonical form).
   */
  private byte[] write(CanonicalJson j) {
    LeaseEvent e = event;
    j.string("connection", e.connection());
    j.string("credential_fingerprint", e.credentialFingerprint());
    j.string("display_name", e.displayName());
    j.string("entity_id", e.entityId());
    j.string("environment", e.environment());
    j.string("hard_end", e.hardEnd() == null ? null : EntryTime.format(e.hardEnd()));
    j.number("index", index);
    if (!e.metadata().isEmpty()) {
      j.object("metadata", e.metadata()); // sorted: LeaseEvent keeps a TreeMap
    }
    j.string("mount", e.mount());
    j.string("prev_root", HexFormat.of().formatHex(prevRoot));
    j.string("reason", e.reason());
    j.string("request_id", e.requestId());
    j.string("role", e.role());
    if (!e.scopes().isEmpty()) {
      j.strings("scopes", e.scopes());
    }
    j.string("time", EntryTime.format(e.time()));
    j.string("token_id", e.tokenId());
    j.string("token_name", e.tokenName());
    j.string("token_type", e.tokenType());
    j.string("type", e.type().wireName());
    if (e.upstreamStatus() != 0) {
      j.number("upstream_status", e.upstreamStatus());
    }
    return j.finish();
  }

  /** The entry these canonical bytes encode; anything else (even equivalent JSON) is refused. */
  public static LogEntry decode(byte[] bytes) throws LogFormatException {
    LogEntry entry = EntryParser.parse(bytes);
    if (!Arrays.equals(bytes, entry.encode())) {
      throw new LogFormatException("not in canonical form");
    }
    return entry;
  }
}
