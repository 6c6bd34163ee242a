package io.dtvb.leaselog;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * {@link EntryParser}'s fast path through the bytes of a plain entry: each method reads one
 * token of the plain subset of JSON (no whitespace, strings of printable ASCII without quote or
 * backslash, non-negative integers without leading zeros) and answers null, -1 or false, without
 * a guess, at anything else.
 */
final class PlainCursor {
  private final byte[] b;
  private int at;

  PlainCursor(byte[] b) {
    this.b = b;
  }

  boolean atEnd() {
    return at == b.length;
  }

  boolean take(char c) {
    if (at < b.length && b[at] == c) {
      at++;
      return true;
    }
    return false;
  }

  /** A string of printable ASCII without quote or backslash. */
  String string() {
    if (!take('"')) {
      return null;
    }
    int start = at;
    while (at < b.length && b[at] != '"') {
      byte x = b[at];
      if (x < 0x20 || x > 0x7e || x == '\\') {
        return null;
      }
      at++;
    }
    if (at == b.length) {
      return null;
    }
    return new String(b, start, at++ - start, StandardCharsets.ISO_8859_1);
  }

  /** 0, or up to 18 digits not starting with 0. */
  long number() {
    if (take('0')) {
      return 0;
    }
    long n = 0;
    int start = at;
    while (at < b.length && b[at] >= '0' && b[at] <= '9' && at - start < 18) {
      n = n * 10 + (b[at++] - '0');
    }
    return at == start || at < b.length && b[at] >= '0' && b[at] <= '9' ? -1 : n;
  }

  /** One or more strings separated by commas. */
  boolean strings(List<String> into) {
    do {
      String s = string();
      if (s == null) {
        return false;
      }
      into.add(s);
    } while (take(','));
    return true;
  }

  /** One or more {@code "key":"value"} separated by commas. */
  boolean pairs(Map<String, String> into) {
    do {
      String k = string();
      if (k == null || !take(':')) {
        return false;
      }
      String v = string();
      if (v == null) {
        return false;
      }
      into.put(k, v);
    } while (take(','));
    return true;
  }
}
