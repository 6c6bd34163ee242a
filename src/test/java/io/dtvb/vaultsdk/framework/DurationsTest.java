package io.dtvb.vaultsdk.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dtvb.testing.Seeded;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DurationsTest {

  @Test
  void parsesSecondsAndUnitStrings() {
    assertEquals(Duration.ofSeconds(90), Durations.parse(90));
    assertEquals(Duration.ofSeconds(90), Durations.parse("90"));
    assertEquals(Duration.ofMinutes(90), Durations.parse("1h30m"));
    assertEquals(Duration.ofDays(2), Durations.parse("2d"));
    assertEquals(Duration.ofMillis(1500), Durations.parse("1.5s"));
  }

  @Test
  void rejectsGarbageAndNegatives() {
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("soon"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("1h30"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse(-5));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse(""));
  }

  static Stream<Arguments> hoursMinutesSeconds() {
    return Seeded.cases(1000, Seeded.ints(0, 1000), Seeded.ints(0, 59), Seeded.ints(0, 59));
  }

  @ParameterizedTest
  @MethodSource("hoursMinutesSeconds")
  void unitFormsAgreeWithSeconds(int h, int m, int s) {
    assertEquals(Duration.ofSeconds(h * 3600L + m * 60L + s), Durations.parse(h + "h" + m + "m" + s + "s"));
  }

  static Stream<Arguments> shortTexts() {
    return Seeded.cases(1000, Seeded.strings(12));
  }

  @ParameterizedTest
  @MethodSource("shortTexts")
  void arbitraryTextNeverEscapesAsAnotherException(String text) {
    try {
      Durations.parse(text);
    } catch (IllegalArgumentException expected) {
      // the only failure mode allowed
    }
  }
}
