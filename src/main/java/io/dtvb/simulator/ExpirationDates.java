package io.dtvb.simulator;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dynatrace's time expressions: epoch milliseconds, ISO-8601-like dates (zone optional, space for T,
 * seconds and fractions optional) and relative {@code now±N<unit>[/<alignment>]}; plus the
 * {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'} output format.
 */
public final class ExpirationDates {
  private static final DateTimeFormatter OUTPUT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern EPOCH = Pattern.compile("\\d{1,19}");
  private static final Pattern RELATIVE =
      Pattern.compile("now(?:([+-])(\\d{1,9})([mhdwMy]))?(?:/([mhdwMy]))?");
  private static final Pattern ISO = Pattern.compile(
      "(\\d{4})-(\\d{2})-(\\d{2})[T ](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?"
          + "(Z|[+-]\\d{2}(?::?\\d{2})?)?");
  /** Latest instant the simulator accepts (keeps the four-digit output format valid). */
  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

  private ExpirationDates() {}

  /** Formats an instant as Dynatrace does in responses (UTC, milliseconds). */
  public static String format(Instant instant) {
    return OUTPUT.format(instant.truncatedTo(ChronoUnit.MILLIS));
  }

  /**
   * Parses any of the three accepted forms relative to {@code now}.
   *
   * @throws IllegalArgumentException with a user-facing reason when the text is not a valid date
   */
  public static Instant parse(String text, Instant now) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("The date must not be empty.");
    }
    String t = text.trim();
    Instant result;
    try {
      if (EPOCH.matcher(t).matches()) {
        result = Instant.ofEpochMilli(Long.parseLong(t));
      } else if (t.startsWith("now")) {
        result = relative(t, now);
      } else {
        result = iso(t);
      }
    } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
      throw invalid(t);
    }
    if (result.isAfter(LATEST)) {
      throw new IllegalArgumentException("The date '" + t + "' is too far in the future.");
    }
    return result.truncatedTo(ChronoUnit.MILLIS);
  }

  private static Instant relative(String t, Instant now) {
    Matcher m = RELATIVE.matcher(t);
    if (!m.matches()) {
      throw invalid(t);
    }
    ZonedDateTime z = now.atZone(ZoneOffset.UTC);
    if (m.group(1) != null) {
      long n = Long.parseLong(m.group(2));
      z = plus(z, m.group(1).equals("-") ? -n : n, m.group(3).charAt(0));
    }
    if (m.group(4) != null) {
      z = align(z, m.group(4).charAt(0));
    }
    return z.toInstant();
  }

  private static ZonedDateTime plus(ZonedDateTime z, long n, char unit) {
    return switch (unit) {
      case 'm' -> z.plusMinutes(n);
      case 'h' -> z.plusHours(n);
      case 'd' -> z.plusDays(n);
      case 'w' -> z.plusWeeks(n);
      case 'M' -> z.plusMonths(n);
      default -> z.plusYears(n);
    };
  }

  private static ZonedDateTime align(ZonedDateTime z, char unit) {
    return switch (unit) {
      case 'm' -> z.truncatedTo(ChronoUnit.MINUTES);
      case 'h' -> z.truncatedTo(ChronoUnit.HOURS);
      case 'd' -> z.truncatedTo(ChronoUnit.DAYS);
      case 'w' -> z.truncatedTo(ChronoUnit.DAYS)
          .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case 'M' -> z.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
      default -> z.truncatedTo(ChronoUnit.DAYS).withDayOfYear(1);
    };
  }

  private static Instant iso(String t) {
    Matcher m = ISO.matcher(t);
    if (!m.matches()) {
      throw invalid(t);
    }
    int nanos = 0;
    if (m.group(7) != null) {
      String fraction = (m.group(7) + "00000000").substring(0, 9);
      nanos = Integer.parseInt(fraction);
    }
    LocalDateTime local = LocalDateTime.of(
        Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
        Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
        m.group(6) == null ? 0 : Integer.parseInt(m.group(6)), nanos);
    ZoneOffset offset = m.group(8) == null ? ZoneOffset.UTC : ZoneOffset.of(m.group(8));
    return local.toInstant(offset);
  }

  private static IllegalArgumentException invalid(String t) {
    return new IllegalArgumentException("Invalid date format: '" + t + "'. Use a UTC millisecond "
        + "timestamp, an ISO-8601 date such as 2021-01-25T05:57:01.123+01:00, or now+<N><m|h|d|w|M|y>.");
  }
}
