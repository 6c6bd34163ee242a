package io.dtvb.leaselog;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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

  // No duplicate detection in the parser: a repeated key cannot survive the canonical re-encode
  // (which writes each key once), and detecting it cost a tenth of decoding.
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FIELDS = Set.of("type", "time", "mount", "role", "entity_id", "display_name",
      "request_id", "connection", "token_id", "token_name", "scopes", "hard_end", "reason", "upstream_status",
      "metadata", "index", "prev_root", "environment", "credential_fingerprint", "token_type");

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
    // Written field by field in sorted key order with Jackson's own generator (the bytes are
    // exactly those of serializing a TreeMap of the fields, without building one: encoding is
    // half of verify's per-entry work, since decode re-encodes to check the canonical form).
    LeaseEvent e = event;
    ByteArrayBuilder out = new ByteArrayBuilder(512);
    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      g.writeStartObject();
      field(g, "connection", e.connection());
      field(g, "credential_fingerprint", e.credentialFingerprint());
      field(g, "display_name", e.displayName());
      field(g, "entity_id", e.entityId());
      field(g, "environment", e.environment());
      field(g, "hard_end", e.hardEnd() == null ? null : TIME.format(e.hardEnd()));
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
      field(g, "time", TIME.format(e.time()));
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
    JsonNode n;
    try {
      n = JSON.readTree(bytes);
    } catch (IOException ex) {
      throw new LogFormatException("not valid JSON: " + firstLine(ex.getMessage()));
    }
    if (n == null || !n.isObject()) {
      throw new LogFormatException("not a JSON object");
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        throw new LogFormatException("unknown field '" + f + "'");
      }
    }
    LogEntry entry;
    try {
      LeaseEvent event = new LeaseEvent(EventType.fromWire(text(n, "type", true)), time(n, "time", true),
          text(n, "mount", false), text(n, "role", false), text(n, "entity_id", false),
          text(n, "display_name", false), text(n, "request_id", false), text(n, "connection", false),
          text(n, "token_id", false), text(n, "token_name", false), scopes(n), time(n, "hard_end", false),
          text(n, "reason", false), n.has("upstream_status") ? (int) integer(n, "upstream_status") : 0, metadata(n),
          text(n, "environment", false), text(n, "credential_fingerprint", false), text(n, "token_type", false));
      entry = new LogEntry(integer(n, "index"), HexFormat.of().parseHex(text(n, "prev_root", true)), event);
    } catch (IllegalArgumentException | DateTimeParseException ex) {
      throw new LogFormatException("invalid entry: " + ex.getMessage());
    }
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

  private static String text(JsonNode n, String field, boolean required) {
    JsonNode v = n.get(field);
    if (v == null) {
      if (required) {
        throw new IllegalArgumentException("missing field '" + field + "'");
      }
      return null;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException("field '" + field + "' is not a string");
    }
    return v.textValue();
  }

  private static Instant time(JsonNode n, String field, boolean required) {
    String s = text(n, field, required);
    return s == null ? null : TIME.parse(s, Instant::from);
  }

  private static long integer(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException("field '" + field + "' is missing or not an integer");
    }
    long l = v.longValue();
    if (field.equals("upstream_status") && (l < 0 || l > 999)) {
      throw new IllegalArgumentException("upstream_status out of range");
    }
    return l;
  }

  private static List<String> scopes(JsonNode n) {
    JsonNode v = n.get("scopes");
    List<String> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (!v.isArray()) {
      throw new IllegalArgumentException("field 'scopes' is not a list");
    }
    for (JsonNode s : v) {
      if (!s.isTextual()) {
        throw new IllegalArgumentException("a scope is not a string");
      }
      out.add(s.textValue());
    }
    return out;
  }

  private static Map<String, String> metadata(JsonNode n) {
    JsonNode v = n.get("metadata");
    Map<String, String> out = new TreeMap<>();
    if (v == null) {
      return out;
    }
    if (!v.isObject()) {
      throw new IllegalArgumentException("field 'metadata' is not an object");
    }
    v.fields().forEachRemaining(f -> {
      if (!f.getValue().isTextual()) {
        throw new IllegalArgumentException("metadata value '" + f.getKey() + "' is not a string");
      }
      out.put(f.getKey(), f.getValue().textValue());
    });
    return out;
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
