package io.dtvb.vaultsdk.framework;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses Vault-style durations: whole seconds, or Go-style strings with d/h/m/s/ms units. The one
 * checked parser every duration field goes through: nothing longer than {@link #MAX} passes, so
 * no later arithmetic (nanoseconds on the wire, an instant plus a TTL) can overflow.
 */
public final class Durations {
  /**
   * The longest duration any field accepts: 100 years. Vault carries durations as int64
   * nanoseconds (at most about 292 years); a longer value can only be a mistake or an attack.
   */
  public static final Duration MAX = Duration.ofDays(36_500);
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
  private static final Pattern WHOLE = Pattern.compile("((\\d+(?:\\.\\d+)?)(ms|s|m|h|d))+");

  private Durations() {}

  /** Parses a value (number of seconds or duration string); throws IllegalArgumentException. */
  public static Duration parse(Object value) {
    if (value instanceof Number n) {
      return checkedSeconds(n.doubleValue());
    }
    String s = String.valueOf(value).trim();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty duration");
    }
    if (s.matches("\\d+")) {
      if (s.length() > 18 || Long.parseLong(s) > MAX.getSeconds()) {
        throw tooLong();
      }
      return Duration.ofSeconds(Long.parseLong(s));
    }
    if (!WHOLE.matcher(s).matches()) {
      throw new IllegalArgumentException("not a duration (use seconds or units such as 90s, 15m, 1h30m, 2d)");
    }
    Matcher m = PART.matcher(s);
    double nanos = 0;
    while (m.find()) {
      double amount = Double.parseDouble(m.group(1));
      nanos += amount * switch (m.group(2)) {
        case "ms" -> 1e6;
        case "s" -> 1e9;
        case "m" -> 60e9;
        case "h" -> 3600e9;
        default -> 86400e9;
      };
    }
    if (!(nanos <= MAX.toNanos())) {
      throw tooLong();
    }
    return Duration.ofNanos((long) nanos);
  }

  private static Duration checkedSeconds(double seconds) {
    if (seconds < 0 || Double.isNaN(seconds)) {
      throw new IllegalArgumentException("not a duration (a negative or invalid number)");
    }
    if (!(seconds <= MAX.getSeconds())) {
      throw tooLong();
    }
    return Duration.ofNanos((long) (seconds * 1e9));
  }

  private static IllegalArgumentException tooLong() {
    return new IllegalArgumentException("duration is too long (at most " + MAX.toDays() + "d, 100 years)");
  }

  /**
   * Checks a parsed field value against a field's own limit; a {@link UserError} naming the field.
   * For fields where less than {@link #MAX} is already absurd (e.g. an interval of years).
   */
  public static Duration atMost(String field, Duration value, Duration limit) {
    if (value.compareTo(limit) > 0) {
      throw UserError.invalidField(field, "must be at most " + limit.toDays() + "d");
    }
    return value;
  }

  /** Formats a duration the way Vault prints TTLs (e.g. "1h30m0s"). */
  public static String format(Duration d) {
    long s = d.getSeconds();
    long h = s / 3600;
    long m = (s % 3600) / 60;
    long sec = s % 60;
    if (h > 0) {
      return h + "h" + m + "m" + sec + "s";
    }
    if (m > 0) {
      return m + "m" + sec + "s";
    }
    return sec + "s";
  }
}
