package io.dtvb.leaselog;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * An entry's times in their one form, {@link LogEntry#TIME} ({@code 2026-03-01T10:00:00.123Z}),
 * written and read by hand for years 0000..9999: the formatter's general machinery was a tenth of
 * verifying an entry (two times each). Other years go through the formatter itself, so the bytes
 * are the formatter's in every case.
 */
final class EntryTime {
  private static final int LENGTH = 24;

  private EntryTime() {}

  static String format(Instant t) {
    LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), t.getNano(), ZoneOffset.UTC);
    if (d.getYear() < 0 || d.getYear() > 9999) {
      return LogEntry.TIME.format(t);
    }
    char[] c = "0000-00-00T00:00:00.000Z".toCharArray();
    digits(c, 0, 4, d.getYear());
    digits(c, 5, 2, d.getMonthValue());
    digits(c, 8, 2, d.getDayOfMonth());
    digits(c, 11, 2, d.getHour());
    digits(c, 14, 2, d.getMinute());
    digits(c, 17, 2, d.getSecond());
    digits(c, 20, 3, d.getNano() / 1_000_000);
    return new String(c);
  }

  /**
   * The instant a time in the entry form names. A string of that shape whose fields are out of
   * range (month 13, 30 February) is refused; any other shape goes to the formatter, whose
   * result the canonical re-encode then compares with the input.
   */
  static Instant parse(String s) {
    if (s.length() != LENGTH || !shaped(s)) {
      return LogEntry.TIME.parse(s, Instant::from);
    }
    try {
      return LocalDateTime.of(number(s, 0, 4), number(s, 5, 2), number(s, 8, 2), number(s, 11, 2),
          number(s, 14, 2), number(s, 17, 2), number(s, 20, 3) * 1_000_000).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("time '" + s + "': " + e.getMessage());
    }
  }

  private static boolean shaped(String s) {
    String template = "0000-00-00T00:00:00.000Z";
    for (int i = 0; i < LENGTH; i++) {
      char want = template.charAt(i);
      char got = s.charAt(i);
      if (want == '0' ? got < '0' || got > '9' : got != want) {
        return false;
      }
    }
    return true;
  }

  private static void digits(char[] c, int at, int width, int value) {
    for (int i = at + width - 1; i >= at; i--) {
      c[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  private static int number(String s, int at, int width) {
    int v = 0;
    for (int i = at; i < at + width; i++) {
      v = v * 10 + (s.charAt(i) - '0');
    }
    return v;
  }
}
