package io.dtvb.vaultsdk.framework;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * hclog-style JSON lines on stderr ({@code @level}, {@code @message}, {@code @timestamp} with
 * microseconds, {@code @module}) so Vault parses level and fields. Never pass secrets as values.
 */
public final class Log {
  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");
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
    line.put("@timestamp", ZonedDateTime.now(ZoneOffset.UTC).format(TS));
    String requestId = REQUEST_ID.get();
    if (requestId != null) {
      line.put("request_id", requestId);
    }
    for (int i = 0; i + 1 < kv.length; i += 2) {
      Object v = kv[i + 1];
      line.put(String.valueOf(kv[i]), v instanceof Throwable t ? String.valueOf(t.getMessage()) : v);
    }
    try {
      String json = Storage.JSON.writeValueAsString(line);
      synchronized (Log.class) {
        out.println(json);
        out.flush();
      }
    } catch (JsonProcessingException e) {
      out.println("[ERROR] log encoding failed: " + e.getMessage());
    }
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
