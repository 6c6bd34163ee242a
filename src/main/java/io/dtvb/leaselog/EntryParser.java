package io.dtvb.leaselog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads an entry's fields straight into their values (a JSON tree per entry was a fifth of
 * verifying one): plain entries with a byte scanner, anything else with Jackson's streaming
 * parser. It checks names and types only; {@link LogEntry#decode} then requires the bytes to be
 * the entry's canonical form, which also refuses repeated keys, whitespace, other key orders and
 * anything after the object.
 */
final class EntryParser {
  private static final JsonFactory JSON = new JsonFactory();
  /** The fields whose values are strings. */
  private static final Set<String> TEXT = Set.of("type", "time", "mount", "role", "entity_id", "display_name",
      "request_id", "connection", "token_id", "token_name", "hard_end", "reason", "prev_root", "environment",
      "credential_fingerprint", "token_type");

  private final Map<String, String> text = new HashMap<>(32);
  private final List<String> scopes = new ArrayList<>();
  private final Map<String, String> metadata = new TreeMap<>();
  private Long index;
  private int upstreamStatus;

  private EntryParser() {}

  static LogEntry parse(byte[] bytes) throws LogFormatException {
    return parse(bytes, true);
  }

  /** {@code plainFirst} false skips the fast path (tests compare the two). */
  static LogEntry parse(byte[] bytes, boolean plainFirst) throws LogFormatException {
    EntryParser f = new EntryParser();
    try {
      if (!plainFirst || !f.plain(bytes)) {
        f = new EntryParser();
        f.jackson(bytes);
      }
      return f.entry();
    } catch (IllegalArgumentException | DateTimeException ex) {
      throw new LogFormatException("invalid entry: " + ex.getMessage());
    }
  }

  private void jackson(byte[] bytes) throws LogFormatException {
    try (JsonParser p = JSON.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new LogFormatException("not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        field(name, p);
      }
    } catch (IOException ex) {
      throw new LogFormatException("not valid JSON: " + firstLine(ex.getMessage()));
    }
  }

  /**
   * The fast path, for what nearly every entry is: an object without whitespace whose strings are
   * printable ASCII without escapes and whose numbers are small non-negative integers without
   * leading zeros. Such input means to Jackson exactly what it means here; at the first byte of
   * anything else it answers false and {@link #parse} starts over with Jackson, so errors and
   * unusual entries are always Jackson's. Unknown fields and bad values fail as on that path.
   */
  private boolean plain(byte[] b) throws LogFormatException {
    PlainCursor c = new PlainCursor(b);
    if (!c.take('{')) {
      return false;
    }
    if (c.take('}')) {
      return c.atEnd();
    }
    do {
      String name = c.string();
      if (name == null || !c.take(':') || !plainValue(name, c)) {
        return false;
      }
    } while (c.take(','));
    return c.take('}') && c.atEnd();
  }

  private boolean plainValue(String name, PlainCursor c) throws LogFormatException {
    if (TEXT.contains(name)) {
      String v = c.string();
      text.put(name, v);
      return v != null;
    }
    switch (name) {
      case "index", "upstream_status" -> {
        long n = c.number();
        if (n >= 0) {
          number(name, n);
        }
        return n >= 0;
      }
      case "scopes" -> {
        scopes.clear();
        return c.take('[') && (c.take(']') || c.strings(scopes) && c.take(']'));
      }
      case "metadata" -> {
        metadata.clear();
        return c.take('{') && (c.take('}') || c.pairs(metadata) && c.take('}'));
      }
      default -> throw new LogFormatException("unknown field '" + name + "'");
    }
  }

  private void number(String name, long n) {
    if (name.equals("index")) {
      index = n;
    } else if (n > 999) {
      throw new IllegalArgumentException("upstream_status out of range");
    } else {
      upstreamStatus = (int) n;
    }
  }

  private void field(String name, JsonParser p) throws IOException, LogFormatException {
    if (TEXT.contains(name)) {
      text.put(name, string(p, "field '" + name + "' is not a string"));
      return;
    }
    switch (name) {
      case "index", "upstream_status" -> {
        long n = integer(p, name);
        if (n < 0 && name.equals("upstream_status")) {
          throw new IllegalArgumentException("upstream_status out of range");
        }
        number(name, n);
      }
      case "scopes" -> {
        if (p.currentToken() != JsonToken.START_ARRAY) {
          throw new IllegalArgumentException("field 'scopes' is not a list");
        }
        scopes.clear();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          scopes.add(string(p, "a scope is not a string"));
        }
      }
      case "metadata" -> {
        if (p.currentToken() != JsonToken.START_OBJECT) {
          throw new IllegalArgumentException("field 'metadata' is not an object");
        }
        metadata.clear();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          p.nextToken();
          metadata.put(key, string(p, "metadata value '" + key + "' is not a string"));
        }
      }
      default -> throw new LogFormatException("unknown field '" + name + "'");
    }
  }

  private LogEntry entry() {
    LeaseEvent event = new LeaseEvent(EventType.fromWire(required("type")), EntryTime.parse(required("time")),
        text.get("mount"), text.get("role"), text.get("entity_id"), text.get("display_name"), text.get("request_id"),
        text.get("connection"), text.get("token_id"), text.get("token_name"), scopes,
        text.containsKey("hard_end") ? EntryTime.parse(text.get("hard_end")) : null, text.get("reason"),
        upstreamStatus, metadata, text.get("environment"), text.get("credential_fingerprint"),
        text.get("token_type"));
    if (index == null) {
      throw new IllegalArgumentException("field 'index' is missing or not an integer");
    }
    return new LogEntry(index, HexFormat.of().parseHex(required("prev_root")), event);
  }

  private String required(String name) {
    String v = text.get(name);
    if (v == null) {
      throw new IllegalArgumentException("missing field '" + name + "'");
    }
    return v;
  }

  private static String string(JsonParser p, String notAString) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw new IllegalArgumentException(notAString);
    }
    return p.getText();
  }

  private static long integer(JsonParser p, String name) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw new IllegalArgumentException("field '" + name + "' is missing or not an integer");
    }
    return p.getLongValue();
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
