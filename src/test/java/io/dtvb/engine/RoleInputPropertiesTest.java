package io.dtvb.engine;

import static io.dtvb.engine.EngineHarness.assertOk;
import static io.dtvb.engine.EngineHarness.errorOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/** Properties of the role endpoint's input handling: durations in every notation, scope shapes. */
class RoleInputPropertiesTest {
  private static final long TEN_YEARS = 10L * 365 * 86400;

  @Property(tries = 300)
  void roleTtlReadsBackTheSecondsWrittenInAnyNotation(
      @ForAll @LongRange(min = 0, max = TEN_YEARS) long seconds, @ForAll("notations") Notation notation)
      throws Exception {
    EngineHarness h = new EngineHarness();

    assertOk(h.write("roles/ci", Map.of("scopes", "metrics.read", "ttl", notation.render(seconds))));

    assertEquals(seconds, h.read("roles/ci").data().get("ttl"));
  }

  @Property(tries = 200)
  void roleRefusesDurationsThatAreNotDurations(@ForAll("nonDurations") String value) throws Exception {
    EngineHarness h = new EngineHarness();

    String error = errorOf(h.write("roles/ci", Map.of("scopes", "metrics.read", "max_ttl", value)));

    assertTrue(error.contains("\"max_ttl\""), error);
  }

  @Property(tries = 300)
  void roleKeepsEveryWellFormedScopeOnceInFirstSeenOrder(@ForAll("scopeLists") List<String> scopes)
      throws Exception {
    EngineHarness h = new EngineHarness();

    assertOk(h.write("roles/ci", Map.of("scopes", String.join(",", scopes))));

    assertEquals(new ArrayList<>(new LinkedHashSet<>(scopes)), h.read("roles/ci").data().get("scopes"));
  }

  @Property(tries = 300)
  void roleRefusesAnyScopeWithAForeignCharacterNamingScopes(
      @ForAll("scopes") String scope, @ForAll("foreignChars") char foreign, @ForAll int position)
      throws Exception {
    EngineHarness h = new EngineHarness();
    int at = Math.floorMod(position, scope.length() + 1);
    String broken = scope.substring(0, at) + foreign + scope.substring(at);

    String error = errorOf(h.write("roles/ci", Map.of("scopes", List.of("metrics.read", broken))));

    assertTrue(error.contains("\"scopes\""), error);
  }

  @Property(tries = 100)
  void roleRefusesScopesThatDoNotStartWithALetter(
      @ForAll("scopes") String scope, @ForAll("nonLetterStarts") char start) throws Exception {
    EngineHarness h = new EngineHarness();

    String error = errorOf(h.write("roles/ci", Map.of("scopes", List.of(start + scope))));

    assertTrue(error.contains("\"scopes\""), error);
  }

  /** Ways to write a whole number of seconds. */
  enum Notation {
    NUMBER, NUMERIC_STRING, SECONDS, UNITS;

    Object render(long s) {
      return switch (this) {
        case NUMBER -> s;
        case NUMERIC_STRING -> Long.toString(s);
        case SECONDS -> s + "s";
        case UNITS -> (s / 86400) + "d" + (s % 86400 / 3600) + "h" + (s % 3600 / 60) + "m" + (s % 60) + "s";
      };
    }
  }

  @Provide
  Arbitrary<Notation> notations() {
    return Arbitraries.of(Notation.class);
  }

  @Provide
  Arbitrary<String> nonDurations() {
    Arbitrary<String> words = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12);
    Arbitrary<String> negatives = Arbitraries.longs().between(1, 1_000_000).map(n -> "-" + n);
    Arbitrary<String> unitless = Arbitraries.longs().between(1, 1000).map(n -> n + "h" + n);
    Arbitrary<String> unknownUnit = Arbitraries.longs().between(1, 1000).map(n -> n + "w");
    return Arbitraries.oneOf(words, negatives, unitless, unknownUnit);
  }

  @Provide
  Arbitrary<String> scopes() {
    Arbitrary<Character> first = Arbitraries.chars().alpha();
    Arbitrary<String> rest = Arbitraries.strings().alpha().numeric().withChars('.', '_', ':', '-')
        .ofMaxLength(40);
    return Combinators.combine(first, rest).as((f, r) -> f + r);
  }

  @Provide
  Arbitrary<List<String>> scopeLists() {
    return scopes().list().ofMinSize(1).ofMaxSize(6)
        .flatMap(pool -> Arbitraries.of(pool).list().ofMinSize(1).ofMaxSize(12));
  }

  @Provide
  Arbitrary<Character> foreignChars() {
    // A space is foreign too, but list items are trimmed, so only an interior one is refused (example test).
    return Arbitraries.of('/', '!', '@', '#', '$', '%', '*', '(', '+', '=', '"', '\'', '<', '?', '\\',
        '|', '~', '`', ';', '\u00e9', '\u00df', '\u4e2d');
  }

  @Provide
  Arbitrary<Character> nonLetterStarts() {
    return Arbitraries.of('0', '7', '.', '_', ':', '-');
  }
}
