package io.dtvb.leaselog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes one JSON object the way Jackson's generator does, for {@link LogEntry#encode}. Strings of
 * printable ASCII other than {@code "} and {@code \} are copied byte for byte, which is exactly
 * what the generator writes for them, without its per-character escaping loop (the largest cost
 * of re-encoding every entry when verifying). An entry with any other string is written by the
 * generator itself: {@link #plain()} starts the fast writer, which throws {@link NotPlain} at the
 * first such string so the caller starts over with {@link #jackson()}.
 */
abstract class CanonicalJson {
  private static final JsonFactory JSON = new JsonFactory();

  /** Thrown by the plain writer at a string it does not copy verbatim; carries no stack trace. */
  static final class NotPlain extends RuntimeException {
    static final NotPlain INSTANCE = new NotPlain();

    private NotPlain() {
      super("not plain ASCII", null, false, false);
    }
  }

  static CanonicalJson plain() {
    return new Plain();
  }

  static CanonicalJson jackson() {
    return new Jackson();
  }

  /** Writes {@code "key":"value"}, nothing for a null value. */
  abstract void string(String key, String value);

  abstract void number(String key, long value);

  abstract void strings(String key, List<String> values);

  abstract void object(String key, Map<String, String> values);

  /** Ends the object and answers its bytes. */
  abstract byte[] finish();

  /** The fast writer: bytes copied from plain-ASCII strings into one growing array. */
  private static final class Plain extends CanonicalJson {
    private byte[] out = new byte[640];
    private int length;

    Plain() {
      out[length++] = '{';
    }

    @Override
    void string(String key, String value) {
      if (value != null) {
        key(key);
        quoted(value);
      }
    }

    @Override
    void number(String key, long value) {
      key(key);
      raw(Long.toString(value));
    }

    @Override
    void strings(String key, List<String> values) {
      key(key);
      raw("[");
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          raw(",");
        }
        quoted(values.get(i));
      }
      raw("]");
    }

    @Override
    void object(String key, Map<String, String> values) {
      key(key);
      raw("{");
      boolean first = true;
      for (Map.Entry<String, String> e : values.entrySet()) {
        if (!first) {
          raw(",");
        }
        first = false;
        quoted(e.getKey());
        raw(":");
        quoted(e.getValue());
      }
      raw("}");
    }

    @Override
    byte[] finish() {
      raw("}");
      return Arrays.copyOf(out, length);
    }

    private void key(String key) {
      if (length > 1) {
        raw(",");
      }
      quoted(key);
      raw(":");
    }

    private void quoted(String s) {
      room(s.length() + 2);
      out[length++] = '"';
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
          throw NotPlain.INSTANCE;
        }
        out[length++] = (byte) c;
      }
      out[length++] = '"';
    }

    /** Appends ASCII that needs no check (digits, punctuation). */
    private void raw(String s) {
      room(s.length());
      for (int i = 0; i < s.length(); i++) {
        out[length++] = (byte) s.charAt(i);
      }
    }

    private void room(int more) {
      if (length + more > out.length) {
        out = Arrays.copyOf(out, Math.max(2 * out.length, length + more));
      }
    }
  }

  /** Jackson's generator, for entries with strings that need escaping or are not ASCII. */
  private static final class Jackson extends CanonicalJson {
    private final ByteArrayBuilder out = new ByteArrayBuilder(512);
    private final JsonGenerator g;

    Jackson() {
      try {
        g = JSON.createGenerator(out);
        g.writeStartObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    void string(String key, String value) {
      if (value != null) {
        run(() -> g.writeStringField(key, value));
      }
    }

    @Override
    void number(String key, long value) {
      run(() -> g.writeNumberField(key, value));
    }

    @Override
    void strings(String key, List<String> values) {
      run(() -> {
        g.writeArrayFieldStart(key);
        for (String v : values) {
          g.writeString(v);
        }
        g.writeEndArray();
      });
    }

    @Override
    void object(String key, Map<String, String> values) {
      run(() -> {
        g.writeObjectFieldStart(key);
        for (Map.Entry<String, String> e : values.entrySet()) {
          g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
      });
    }

    @Override
    byte[] finish() {
      run(() -> {
        g.writeEndObject();
        g.close();
      });
      return out.toByteArray();
    }

    private interface Write {
      void run() throws IOException;
    }

    private static void run(Write w) {
      try {
        w.run();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot encode a log entry", e);
      }
    }
  }
}
