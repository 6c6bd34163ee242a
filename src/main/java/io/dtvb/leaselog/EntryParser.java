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
import java.util.TreeMap;

/**
 * Reads an entry's fields with Jackson's streaming parser, straight into the values (a JSON tree
 * per entry was a fifth of verifying one). It checks names and types only; {@link LogEntry#decode}
 * then requires the bytes to be the entry's canonical form, which also refuses repeated keys,
 * whitespace, other key orders and anything after the object.
 */
final class EntryParser {
  private static final JsonFactory JSON = new JsonFactory();

  private final Map<String, String> text = new HashMap<>(32);
  private final List<String> scopes = new ArrayList<>();
  private final Map<String, String> metadata = new TreeMap<>();
  private Long index;
  private int upstreamStatus;

  private EntryParser() {}

  static LogEntry parse(byte[] bytes) throws LogFormatException {
    EntryParser f = new EntryParser();
    try (JsonParser p = JSON.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new LogFormatException("not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        f.field(name, p);
      }
    } catch (IOException ex) {
      throw new LogFormatException("not valid JSON: " + firstLine(ex.getMessage()));
    } catch (IllegalArgumentException ex) {
      throw new LogFormatException("invalid entry: " + ex.getMessage());
    }
    try {
      return f.entry();
    } catch (IllegalArgumentException | DateTimeException ex) {
      throw new LogFormatException("invalid entry: " + ex.getMessage());
    }
  }

  private void field(String name, JsonParser p) throws IOException, LogFormatException {
    switch (name) {
      case "type", "time", "mount", "role", "entity_id", "display_name", "request_id", "connection", "token_id",
          "token_name", "hard_end", "reason", "prev_root", "environment", "credential_fingerprint", "token_type" ->
          text.put(name, string(p, "field '" + name + "' is not a string"));
      case "index" -> index = integer(p, "index");
      case "upstream_status" -> {
        long status = integer(p, "upstream_status");
        if (status < 0 || status > 999) {
          throw new IllegalArgumentException("upstream_status out of range");
        }
        upstreamStatus = (int) status;
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
