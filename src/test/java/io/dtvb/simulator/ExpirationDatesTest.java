package io.dtvb.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.testing.Seeded;
import io.dtvb.testing.Seeded.Gen;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The three expirationDate forms and the response format. */
class ExpirationDatesTest {
  private static final Instant NOW = Instant.parse("2026-03-14T15:09:26.535Z");
  private static final long MAX_MILLIS = ExpirationDates.LATEST.toEpochMilli();
  /** Tries per property, as before the move to parameterized tests. */
  private static final int TRIES = 1000;

  static Stream<Arguments> epochMillis() {
    return Seeded.cases(TRIES, Seeded.longs(0, 253402300799999L));
  }

  @ParameterizedTest
  @MethodSource("epochMillis")
  void epochMillisParseToTheSameInstant(long millis) {
    assertEquals(Instant.ofEpochMilli(millis), ExpirationDates.parse(Long.toString(millis), NOW));
  }

  @ParameterizedTest
  @MethodSource("epochMillis")
  void formattedDatesParseBackToTheSameInstant(long millis) {
    Instant instant = Instant.ofEpochMilli(millis);
    String text = ExpirationDates.format(instant);
    assertTrue(text.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z"), text);
    assertEquals(instant, ExpirationDates.parse(text, NOW));
  }

  static Stream<Arguments> localTimesOffsetsAndSeparators() {
    return Seeded.cases(TRIES, localTimes(), Seeded.ints(-12 * 60, 14 * 60), Seeded.booleans());
  }

  @ParameterizedTest
  @MethodSource("localTimesOffsetsAndSeparators")
  void isoDatesWithAnyOffsetMeanTheSameInstant(LocalDateTime local, int offsetMinutes, boolean spaceInsteadOfT) {
    ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsetMinutes * 60);
    String pattern = (spaceInsteadOfT ? "yyyy-MM-dd HH:mm:ss.SSS" : "yyyy-MM-dd'T'HH:mm:ss.SSS") + "xxx";
    String text = local.atOffset(offset).format(DateTimeFormatter.ofPattern(pattern));
    assertEquals(local.toInstant(offset), ExpirationDates.parse(text, NOW));
  }

  static Stream<Arguments> localTimeCases() {
    return Seeded.cases(TRIES, localTimes());
  }

  @ParameterizedTest
  @MethodSource("localTimeCases")
  void isoDatesWithoutZoneAreUtcAndSecondsAreOptional(LocalDateTime local) {
    LocalDateTime minutes = local.truncatedTo(ChronoUnit.MINUTES);
    String text = minutes.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm"));
    assertEquals(minutes.toInstant(ZoneOffset.UTC), ExpirationDates.parse(text, NOW));
  }

  static Stream<Arguments> amountsAndUnits() {
    return Seeded.cases(TRIES, Seeded.ints(0, 5000), units());
  }

  @ParameterizedTest
  @MethodSource("amountsAndUnits")
  void relativeExpressionsAddTheUnitToNow(int amount, char unit) {
    ZonedDateTime z = NOW.atZone(ZoneOffset.UTC);
    Instant expected = switch (unit) {
      case 'm' -> z.plusMinutes(amount).toInstant();
      case 'h' -> z.plusHours(amount).toInstant();
      case 'd' -> z.plusDays(amount).toInstant();
      case 'w' -> z.plusWeeks(amount).toInstant();
      case 'M' -> z.plusMonths(amount).toInstant();
      default -> z.plusYears(amount).toInstant();
    };
    assertEquals(expected, ExpirationDates.parse("now+" + amount + unit, NOW));
  }

  /** Any text of up to 255 characters. */
  static Stream<Arguments> anyTexts() {
    return Seeded.cases(TRIES, Seeded.strings(255));
  }

  @ParameterizedTest
  @MethodSource("anyTexts")
  void malformedTextIsRejectedWithAReason(String text) {
    try {
      Instant parsed = ExpirationDates.parse(text, NOW);
      assertTrue(!parsed.isAfter(ExpirationDates.LATEST));
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
    }
  }

  @Test
  void alignmentRoundsDownToTheUnit() {
    assertEquals(Instant.parse("2026-03-15T00:00:00Z"), ExpirationDates.parse("now+1d/d", NOW));
    assertEquals(Instant.parse("2026-03-09T00:00:00Z"), ExpirationDates.parse("now/w", NOW));
    assertEquals(Instant.parse("2026-03-14T15:00:00Z"), ExpirationDates.parse("now/h", NOW));
  }

  @Test
  void rejectsDatesWithoutTimeAndUnknownUnits() {
    assertThrows(IllegalArgumentException.class, () -> ExpirationDates.parse("2026-03-14", NOW));
    assertThrows(IllegalArgumentException.class, () -> ExpirationDates.parse("now+3s", NOW));
    assertThrows(IllegalArgumentException.class, () -> ExpirationDates.parse("2026-02-30T10:00", NOW));
    assertThrows(IllegalArgumentException.class,
        () -> ExpirationDates.parse(Long.toString(MAX_MILLIS + 1), NOW));
  }

  static Gen<LocalDateTime> localTimes() {
    return Seeded.longs(86_400_000L, 253_402_128_000_000L)
        .map(ms -> LocalDateTime.ofInstant(Instant.ofEpochMilli(ms), ZoneOffset.UTC));
  }

  static Gen<Character> units() {
    return Seeded.values('m', 'h', 'd', 'w', 'M', 'y');
  }
}
