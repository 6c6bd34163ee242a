package io.dtvb.vaultsdk.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

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

  @Property
  void unitFormsAgreeWithSeconds(@ForAll @IntRange(min = 0, max = 1000) int h,
      @ForAll @IntRange(min = 0, max = 59) int m, @ForAll @IntRange(min = 0, max = 59) int s) {
    assertEquals(Duration.ofSeconds(h * 3600L + m * 60L + s), Durations.parse(h + "h" + m + "m" + s + "s"));
  }

  @Property
  void arbitraryTextNeverEscapesAsAnotherException(@ForAll @StringLength(max = 12) String text) {
    try {
      Durations.parse(text);
    } catch (IllegalArgumentException expected) {
      // the only failure mode allowed
    }
  }
}
