package io.dtvb.vaultsdk.framework;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request's fields checked against a path's schema: unknown fields are refused, and typed
 * getters convert values or throw a {@link UserError} that names the field. A refusal never
 * quotes the refused value: it may be a secret sent to the wrong field, and error responses are
 * not HMAC'd by Vault's audit devices.
 */
public final class FieldData {
  private final Map<String, Field> schema;
  private final Map<String, Object> raw;

  private FieldData(Map<String, Field> schema, Map<String, Object> raw) {
    this.schema = schema;
    this.raw = raw;
  }

  /** Validates the raw data against the schema: unknown names and wrong types are user errors. */
  public static FieldData validate(List<Field> fields, Map<String, Object> body, Map<String, String> captures) {
    Map<String, Field> schema = new LinkedHashMap<>();
    fields.forEach(f -> schema.put(f.name(), f));
    Map<String, Object> raw = new LinkedHashMap<>(body);
    raw.putAll(captures);
    List<String> unknown = raw.keySet().stream().filter(k -> !schema.containsKey(k)).sorted().toList();
    if (!unknown.isEmpty()) {
      throw new UserError("unknown field(s): " + String.join(", ", unknown)
          + " (accepted: " + String.join(", ", schema.keySet()) + ")");
    }
    FieldData data = new FieldData(schema, raw);
    for (Field f : fields) {
      if (raw.containsKey(f.name())) {
        data.convert(f, raw.get(f.name()));
      }
    }
    return data;
  }

  /**
   * The path parameters alone, unchecked against the body: what an existence check may look at
   * (it answers whether the object exists, nothing else).
   */
  public static FieldData pathOnly(List<Field> fields, Map<String, String> captures) {
    Map<String, Field> schema = new LinkedHashMap<>();
    fields.stream().filter(Field::inPath).forEach(f -> schema.put(f.name(), f));
    return new FieldData(schema, new LinkedHashMap<>(captures));
  }

  /** True when the caller sent the field (defaults do not count). */
  public boolean has(String name) {
    return raw.containsKey(name) && raw.get(name) != null;
  }

  /** Fails with a message naming every required field that is missing. */
  public void requireAll(Collection<String> names) {
    List<String> missing = names.stream().filter(n -> !has(n) || isBlank(raw.get(n))).toList();
    if (!missing.isEmpty()) {
      throw new UserError("missing required field(s): " + String.join(", ", missing));
    }
  }

  public String getString(String name) {
    return (String) value(name);
  }

  public Optional<String> optString(String name) {
    return has(name) ? Optional.of(getString(name)) : Optional.empty();
  }

  public Duration getDuration(String name) {
    return (Duration) value(name);
  }

  public Optional<Duration> optDuration(String name) {
    return has(name) ? Optional.of(getDuration(name)) : Optional.empty();
  }

  public boolean getBool(String name) {
    Object v = value(name);
    return v != null && (Boolean) v;
  }

  public Optional<Boolean> optBool(String name) {
    return has(name) ? Optional.of(getBool(name)) : Optional.empty();
  }

  public long getInt(String name) {
    Object v = value(name);
    return v == null ? 0 : (Long) v;
  }

  @SuppressWarnings("unchecked")
  public List<String> getList(String name) {
    Object v = value(name);
    return v == null ? List.of() : (List<String>) v;
  }

  @SuppressWarnings("unchecked")
  public Map<String, String> getMap(String name) {
    Object v = value(name);
    return v == null ? Map.of() : (Map<String, String>) v;
  }

  private Object value(String name) {
    Field f = schema.get(name);
    if (f == null) {
      throw new IllegalArgumentException("field " + name + " is not in the schema");
    }
    Object v = raw.containsKey(name) && raw.get(name) != null ? raw.get(name) : f.defaultValue();
    return v == null ? null : convert(f, v);
  }

  private Object convert(Field f, Object v) {
    try {
      return switch (f.type()) {
        case STRING -> {
          if (v instanceof Map<?, ?> || v instanceof Collection<?>) {
            throw new IllegalArgumentException("expected a string, got " + (v instanceof Map<?, ?> ? "an object" : "a list"));
          }
          yield v instanceof String s ? s : String.valueOf(v);
        }
        case INT -> toLong(v);
        case BOOL -> toBool(v);
        case DURATION -> Durations.parse(v);
        case COMMA_LIST -> toList(v);
        case MAP -> toMap(v);
      };
    } catch (IllegalArgumentException | ClassCastException e) {
      throw UserError.invalidField(f.name(), e.getMessage());
    }
  }

  private static long toLong(Object v) {
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.longValue();
    }
    try {
      return Long.parseLong(String.valueOf(v).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected an integer");
    }
  }

  private static boolean toBool(Object v) {
    if (v instanceof Boolean b) {
      return b;
    }
    String s = String.valueOf(v).trim().toLowerCase();
    return switch (s) {
      case "true", "1", "t" -> true;
      case "false", "0", "f" -> false;
      default -> throw new IllegalArgumentException("expected true or false");
    };
  }

  private static List<String> toList(Object v) {
    List<String> out = new ArrayList<>();
    if (v instanceof Collection<?> c) {
      c.forEach(item -> out.add(String.valueOf(item).trim()));
    } else {
      Arrays.stream(String.valueOf(v).split(",")).map(String::trim).forEach(out::add);
    }
    return out.stream().filter(s -> !s.isEmpty()).toList();
  }

  /** A JSON object, or key=value pairs as one comma-separated string or a list (the CLI's forms). */
  private static Map<String, String> toMap(Object v) {
    Map<String, String> out = new LinkedHashMap<>();
    if (v instanceof Map<?, ?> m) {
      m.forEach((k, val) -> out.put(String.valueOf(k), String.valueOf(val)));
      return out;
    }
    if (!(v instanceof String) && !(v instanceof Collection<?>)) {
      throw new IllegalArgumentException("expected an object of string values or key=value pairs");
    }
    for (String pair : toList(v)) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("expected key=value pairs (a pair without '=')");
      }
      out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return out;
  }

  private static boolean isBlank(Object v) {
    return v instanceof String s && s.isBlank();
  }
}
