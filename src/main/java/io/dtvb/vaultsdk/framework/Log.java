package io.dtvb.vaultsdk.framework;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * hclog-style JSON lines on stderr ({@code @level}, {@code @message}, {@code @timestamp} with
 * microseconds, {@code @module}) so Vault parses level and fields. Never pass secrets as values.
 *
 * <p>Lines are written by hand, Jackson only for a value that is not a string, number or boolean:
 * the plugin's first lines come right after its handshake, and an ObjectMapper plus the JDK's
 * date-format and locale data cost a start ~3 MB and their class loading.
 */
public final class Log {
  private static volatile PrintStream out = System.err;
  private static volatile int minLevel = levelOf(System.getenv().getOrDefault("DVB_LOG_LEVEL", "info"));

  private static final ThreadLocal<String> REQUEST_ID = new ThreadLocal<>();
  private final String module;

  private Log(String module) {
    this.module = module;
  }

  public static Log named(String module) {
    return new Log(module);
  }

  /**
   * Runs {@code body} with every line written on this thread tagged {@code request_id} (Vault's
   * request id, so plugin lines join Vault's audit log); the previous id is restored after.
   */
  public static <T> T withRequestId(String requestId, java.util.concurrent.Callable<T> body) throws Exception {
    String previous = REQUEST_ID.get();
    REQUEST_ID.set(requestId == null || requestId.isEmpty() ? null : requestId);
    try {
      return body.call();
    } finally {
      if (previous == null) {
        REQUEST_ID.remove();
      } else {
        REQUEST_ID.set(previous);
      }
    }
  }

  /** Redirects output (tests). */
  public static void output(PrintStream stream) {
    out = stream;
  }

  public void debug(String msg, Object... kv) {
    write("debug", msg, kv);
  }

  public void info(String msg, Object... kv) {
    write("info", msg, kv);
  }

  public void warn(String msg, Object... kv) {
    write("warn", msg, kv);
  }

  public void error(String msg, Object... kv) {
    write("error", msg, kv);
  }

  private void write(String level, String msg, Object... kv) {
    if (levelOf(level) < minLevel) {
      return;
    }
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("@level", level);
    line.put("@message", msg);
    line.put("@module", module);
    line.put("@timestamp", timestamp(LocalDateTime.now(ZoneOffset.UTC)));
    String requestId = REQUEST_ID.get();
    if (requestId != null) {
      line.put("request_id", requestId);
    }
    for (int i = 0; i + 1 < kv.length; i += 2) {
      Object v = kv[i + 1];
      line.put(String.valueOf(kv[i]), v instanceof Throwable t ? String.valueOf(t.getMessage()) : v);
    }
    String json;
    try {
      json = json(line);
    } catch (JsonProcessingException e) {
      json = "[ERROR] log encoding failed: " + e.getMessage();
    }
    synchronized (Log.class) {
      out.println(json);
      out.flush();
    }
  }

  /** One JSON object of the line's fields, in order. */
  static String json(Map<String, Object> fields) throws JsonProcessingException {
    StringBuilder b = new StringBuilder(160).append('{');
    for (Map.Entry<String, Object> f : fields.entrySet()) {
      if (b.length() > 1) {
        b.append(',');
      }
      quote(b, f.getKey()).append(':');
      Object v = f.getValue();
      if (v == null) {
        b.append("null");
      } else if (v instanceof String || v instanceof Character) {
        quote(b, v.toString());
      } else if (v instanceof Enum<?> e) {
        quote(b, e.name());
      } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short
          || v instanceof Byte) {
        b.append(v);
      } else {
        b.append(Storage.JSON.writeValueAsString(v)); // lists, maps, decimals, records
      }
    }
    return b.append('}').toString();
  }

  /** {@code s} as a JSON string: quotes, backslashes and control characters escaped. */
  private static StringBuilder quote(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"');
  }

  /** {@code yyyy-MM-ddTHH:mm:ss.SSSSSSZ} (microseconds, UTC), as hclog writes its own. */
  static String timestamp(LocalDateTime t) {
    StringBuilder b = new StringBuilder(27);
    pad(b, t.getYear(), 4).append('-');
    pad(b, t.getMonthValue(), 2).append('-');
    pad(b, t.getDayOfMonth(), 2).append('T');
    pad(b, t.getHour(), 2).append(':');
    pad(b, t.getMinute(), 2).append(':');
    pad(b, t.getSecond(), 2).append('.');
    return pad(b, t.getNano() / 1000, 6).append('Z').toString();
  }

  private static StringBuilder pad(StringBuilder b, int value, int width) {
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      b.append('0');
    }
    return b.append(digits);
  }

  private static int levelOf(String level) {
    return switch (level.toLowerCase()) {
      case "trace" -> 0;
      case "debug" -> 1;
      case "warn" -> 3;
      case "error" -> 4;
      default -> 2;
    };
  }
}
