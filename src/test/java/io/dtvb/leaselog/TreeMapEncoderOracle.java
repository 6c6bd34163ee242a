package io.dtvb.leaselog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The entry encoding the log had before it wrote fields with a streaming generator, kept verbatim
 * as the oracle of the canonical form: a TreeMap of the fields serialized by Jackson. Every entry
 * ever written was made by it, so the new encoder must give the same bytes.
 */
final class TreeMapEncoderOracle {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TreeMapEncoderOracle() {}

  static byte[] encode(LogEntry entry) {
    Map<String, Object> m = new TreeMap<>();
    LeaseEvent e = entry.event();
    m.put("type", e.type().wireName());
    m.put("time", LogEntry.TIME.format(e.time()));
    put(m, "mount", e.mount());
    put(m, "role", e.role());
    put(m, "entity_id", e.entityId());
    put(m, "display_name", e.displayName());
    put(m, "request_id", e.requestId());
    put(m, "connection", e.connection());
    put(m, "token_id", e.tokenId());
    put(m, "token_name", e.tokenName());
    if (!e.scopes().isEmpty()) {
      m.put("scopes", e.scopes());
    }
    if (e.hardEnd() != null) {
      m.put("hard_end", LogEntry.TIME.format(e.hardEnd()));
    }
    put(m, "reason", e.reason());
    if (e.upstreamStatus() != 0) {
      m.put("upstream_status", e.upstreamStatus());
    }
    if (!e.metadata().isEmpty()) {
      m.put("metadata", new TreeMap<>(e.metadata()));
    }
    put(m, "environment", e.environment());
    put(m, "credential_fingerprint", e.credentialFingerprint());
    put(m, "token_type", e.tokenType());
    m.put("index", entry.index());
    m.put("prev_root", HexFormat.of().formatHex(entry.prevRoot()));
    try {
      return JSON.writeValueAsBytes(m);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("cannot encode a log entry", ex);
    }
  }

  private static void put(Map<String, Object> m, String key, String value) {
    if (value != null) {
      m.put(key, value);
    }
  }
}
