package io.dtvb.leaselog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One log entry: an event with its index and the root of the tree before it, in a canonical
 * encoding (UTF-8 JSON, keys sorted, no spaces, empty values left out, times in UTC with
 * milliseconds). The bytes are what the Merkle tree hashes; decoding refuses any other spelling,
 * so a changed byte is caught at its entry, and the {@code prev_root} chain catches a changed
 * entry at the next one.
 */
public record LogEntry(long index, byte[] prevRoot, LeaseEvent event) {
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
      .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** The canonical bytes. */
  public byte[] encode() {
    Map<String, Object> m = new TreeMap<>();
    m.put("index", index);
    m.put("prev_root", HexFormat.of().formatHex(prevRoot));
    m.put("event", event.type().wireName());
    m.put("time", TIME.format(event.time().truncatedTo(ChronoUnit.MILLIS)));
    put(m, "mount", event.mount());
    put(m, "role", event.role());
    put(m, "entity_id", event.entityId());
    put(m, "display_name", event.displayName());
    put(m, "request_id", event.requestId());
    put(m, "connection", event.connection());
    put(m, "token_id", event.tokenId());
    put(m, "token_name", event.tokenName());
    put(m, "reason", event.reason());
    if (!event.scopes().isEmpty()) {
      m.put("scopes", event.scopes());
    }
    if (event.hardEnd() != null) {
      m.put("hard_end", TIME.format(event.hardEnd().truncatedTo(ChronoUnit.MILLIS)));
    }
    if (event.upstreamStatus() != 0) {
      m.put("upstream_status", event.upstreamStatus());
    }
    if (!event.metadata().isEmpty()) {
      m.put("metadata", new TreeMap<>(event.metadata()));
    }
    try {
      return JSON.writeValueAsBytes(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a log entry", e);
    }
  }

  /** Decodes canonical bytes; anything else is a {@link MalformedEntryException} saying why. */
  public static LogEntry decode(byte[] bytes) throws MalformedEntryException {
    Map<String, Object> m;
    try {
      m = JSON.readValue(bytes, MAP);
    } catch (java.io.IOException e) {
      throw new MalformedEntryException("not valid JSON");
    }
    LogEntry entry;
    try {
      entry = fromMap(m);
    } catch (RuntimeException e) {
      throw new MalformedEntryException("not a lease-log entry: " + e.getMessage());
    }
    if (!Arrays.equals(bytes, entry.encode())) {
      throw new MalformedEntryException("not in canonical form (a byte was changed, added or removed)");
    }
    return entry;
  }

  @SuppressWarnings("unchecked")
  private static LogEntry fromMap(Map<String, Object> m) {
    LeaseEvent.Type type = LeaseEvent.Type.fromWire(text(m, "event"));
    if (type == null) {
      throw new IllegalArgumentException("unknown event \"" + text(m, "event") + "\"");
    }
    List<String> scopes = new ArrayList<>();
    if (m.get("scopes") instanceof List<?> l) {
      l.forEach(s -> scopes.add(String.valueOf(s)));
    }
    Map<String, String> metadata = new TreeMap<>();
    if (m.get("metadata") instanceof Map<?, ?> md) {
      ((Map<Object, Object>) md).forEach((k, v) -> metadata.put(String.valueOf(k), String.valueOf(v)));
    }
    LeaseEvent e = new LeaseEvent(type, Instant.parse(text(m, "time")), text(m, "mount"), text(m, "role"),
        text(m, "entity_id"), text(m, "display_name"), text(m, "request_id"), text(m, "connection"),
        text(m, "token_id"), text(m, "token_name"), scopes,
        m.containsKey("hard_end") ? Instant.parse(text(m, "hard_end")) : null, text(m, "reason"),
        m.get("upstream_status") instanceof Number n ? n.intValue() : 0, metadata);
    if (!(m.get("index") instanceof Number idx)) {
      throw new IllegalArgumentException("no index");
    }
    return new LogEntry(idx.longValue(), HexFormat.of().parseHex(text(m, "prev_root")), e);
  }

  /** The entry as a JSON object (for show and the read endpoints). */
  public static Map<String, Object> toMap(byte[] canonical) {
    try {
      return JSON.readValue(canonical, MAP);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("not JSON", e);
    }
  }

  private static void put(Map<String, Object> m, String key, String value) {
    if (value != null && !value.isEmpty()) {
      m.put(key, value);
    }
  }

  private static String text(Map<String, Object> m, String key) {
    Object v = m.get(key);
    return v == null ? "" : String.valueOf(v);
  }

  @Override
  public String toString() {
    return new String(encode(), StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LogEntry other && Arrays.equals(encode(), other.encode());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encode());
  }
}
