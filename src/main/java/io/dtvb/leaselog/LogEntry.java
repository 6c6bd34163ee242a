package io.dtvb.leaselog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;

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

  private static final JsonFactory JSON = new JsonFactory();

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
    // Written field by field in sorted key order with Jackson's generator: the bytes are exactly
    // those of serializing a TreeMap of the fields, which is how entries were first written,
    // without building one (decode re-encodes every entry to check its canonical form).
    LeaseEvent e = event;
    ByteArrayBuilder out = new ByteArrayBuilder(512);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      field(g, "connection", e.connection());
      field(g, "credential_fingerprint", e.credentialFingerprint());
      field(g, "display_name", e.displayName());
      field(g, "entity_id", e.entityId());
      field(g, "environment", e.environment());
      field(g, "hard_end", e.hardEnd() == null ? null : EntryTime.format(e.hardEnd()));
      g.writeNumberField("index", index);
      if (!e.metadata().isEmpty()) {
        g.writeObjectFieldStart("metadata");
        for (Map.Entry<String, String> m : e.metadata().entrySet()) { // sorted: LeaseEvent keeps a TreeMap
          g.writeStringField(m.getKey(), m.getValue());
        }
        g.writeEndObject();
      }
      field(g, "mount", e.mount());
      field(g, "prev_root", HexFormat.of().formatHex(prevRoot));
      field(g, "reason", e.reason());
      field(g, "request_id", e.requestId());
      field(g, "role", e.role());
      if (!e.scopes().isEmpty()) {
        g.writeArrayFieldStart("scopes");
        for (String scope : e.scopes()) {
          g.writeString(scope);
        }
        g.writeEndArray();
      }
      field(g, "time", EntryTime.format(e.time()));
      field(g, "token_id", e.tokenId());
      field(g, "token_name", e.tokenName());
      field(g, "token_type", e.tokenType());
      field(g, "type", e.type().wireName());
      if (e.upstreamStatus() != 0) {
        g.writeNumberField("upstream_status", e.upstreamStatus());
      }
      g.writeEndObject();
    } catch (IOException ex) {
      throw new IllegalStateException("cannot encode a log entry", ex);
    }
    return out.toByteArray();
  }

  /** The entry these canonical bytes encode; anything else (even equivalent JSON) is refused. */
  public static LogEntry decode(byte[] bytes) throws LogFormatException {
    LogEntry entry = EntryParser.parse(bytes);
    if (!Arrays.equals(bytes, entry.encode())) {
      throw new LogFormatException("not in canonical form");
    }
    return entry;
  }

  private static void field(JsonGenerator g, String key, String value) throws IOException {
    if (value != null) {
      g.writeStringField(key, value);
    }
  }
}
