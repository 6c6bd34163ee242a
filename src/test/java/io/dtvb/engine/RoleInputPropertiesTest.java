package io.dtvb.engine;

import static io.dtvb.engine.EngineHarness.assertOk;
import static io.dtvb.engine.EngineHarness.errorOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.testing.Seeded;
import io.dtvb.testing.Seeded.Gen;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Properties of the role endpoint's input handling: durations in every notation, scope shapes. */
class RoleInputPropertiesTest {
  private static final long TEN_YEARS = 10L * 365 * 86400;

  static Stream<Arguments> secondsInNotations() {
    return Seeded.cases(300, Seeded.longs(0, TEN_YEARS), notations());
  }

  @ParameterizedTest
  @MethodSource("secondsInNotations")
  void roleTtlReadsBackTheSecondsWrittenInAnyNotation(long seconds, Notation notation) throws Exception {
    EngineHarness h = new EngineHarness();

    assertOk(h.write("roles/ci", Map.of("scopes", "metrics.read", "ttl", notation.render(seconds))));

    assertEquals(seconds, h.read("roles/ci").data().get("ttl"));
  }

  static Stream<Arguments> nonDurationValues() {
    return Seeded.cases(200, nonDurations());
  }

  @ParameterizedTest
  @MethodSource("nonDurationValues")
  void roleRefusesDurationsThatAreNotDurations(String value) throws Exception {
    EngineHarness h = new EngineHarness();

    String error = errorOf(h.write("roles/ci", Map.of("scopes", "metrics.read", "max_ttl", value)));

    assertTrue(error.contains("\"max_ttl\""), error);
  }

  static Stream<Arguments> scopeListCases() {
    return Seeded.cases(300, scopeLists());
  }

  @ParameterizedTest
  @MethodSource("scopeListCases")
  void roleKeepsEveryWellFormedScopeOnceInFirstSeenOrder(List<String> scopes) throws Exception {
    EngineHarness h = new EngineHarness();

    assertOk(h.write("roles/ci", Map.of("scopes", String.join(",", scopes))));

    assertEquals(new ArrayList<>(new LinkedHashSet<>(scopes)), h.read("roles/ci").data().get("scopes"));
  }

  static Stream<Arguments> scopesWithForeignChars() {
    return Seeded.cases(300, scopes(), foreignChars(), Seeded.ints());
  }

  @ParameterizedTest
  @MethodSource("scopesWithForeignChars")
  void roleRefusesAnyScopeWithAForeignCharacterNamingScopes(String scope, char foreign, int position)
      throws Exception {
    EngineHarness h = new EngineHarness();
    int at = Math.floorMod(position, scope.length() + 1);
    String broken = scope.substring(0, at) + foreign + scope.substring(at);

    String error = errorOf(h.write("roles/ci", Map.of("scopes", List.of("metrics.read", broken))));

    assertTrue(error.contains("\"scopes\""), error);
  }

  static Stream<Arguments> scopesWithNonLetterStarts() {
    return Seeded.cases(100, scopes(), nonLetterStarts());
  }

  @ParameterizedTest
  @MethodSource("scopesWithNonLetterStarts")
  void roleRefusesScopesThatDoNotStartWithALetter(String scope, char start) throws Exception {
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

  static Gen<Notation> notations() {
    return Seeded.values(Notation.values());
  }

  static Gen<String> nonDurations() {
    Gen<String> words = Seeded.strings(Seeded.ALPHA, 1, 12);
    Gen<String> negatives = Seeded.longs(1, 1_000_000).map(n -> "-" + n);
    Gen<String> unitless = Seeded.longs(1, 1000).map(n -> n + "h" + n);
    Gen<String> unknownUnit = Seeded.longs(1, 1000).map(n -> n + "w");
    return Seeded.oneOf(words, negatives, unitless, unknownUnit);
  }

  /** A classic scope: a letter, then up to 40 letters, digits and {@code . _ -} (no ':', which marks platform scopes). */
  static Gen<String> scopes() {
    Gen<Character> first = Seeded.chars(Seeded.ALPHA);
    Gen<String> rest = Seeded.strings(Seeded.ALPHA + Seeded.NUMERIC + "._-", 0, 40);
    return Seeded.combine(first, rest, (f, r) -> f + r);
  }

  private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";

  /** A platform scope: 2 to 4 lowercase segments of letters, digits and {@code . _ -} joined by ':'. */
  static Gen<String> platformScopes() {
    Gen<String> head = Seeded.combine(Seeded.chars(LOWER), Seeded.strings(LOWER + Seeded.NUMERIC + "._-", 0, 12),
        (f, r) -> f + r);
    Gen<String> segment = Seeded.combine(Seeded.chars(LOWER + Seeded.NUMERIC),
        Seeded.strings(LOWER + Seeded.NUMERIC + "._-", 0, 12), (f, r) -> f + r);
    return Seeded.combine(head, segment.list(1, 3), (h, rest) -> h + ":" + String.join(":", rest));
  }

  /** Any scope-shaped name with a ':' somewhere after its first letter (what a classic role refuses). */
  static Gen<String> colonScopes() {
    return Seeded.combine(scopes(), Seeded.strings(Seeded.ALPHA + Seeded.NUMERIC + "._:-", 0, 20),
        (classic, tail) -> classic + ":" + tail);
  }

  static Stream<Arguments> platformScopeListCases() {
    Gen<List<String>> pools = platformScopes().list(1, 6);
    Gen<List<String>> lists = r -> Seeded.values(pools.next(r)).list(1, 12).next(r);
    return Seeded.cases(200, lists);
  }

  @ParameterizedTest
  @MethodSource("platformScopeListCases")
  void platformRoleKeepsEveryWellFormedPlatformScopeOnceInFirstSeenOrder(List<String> scopes) throws Exception {
    EngineHarness h = new EngineHarness();

    assertOk(h.write("roles/p", Map.of("token_type", "platform", "scopes", String.join(",", scopes))));

    assertEquals(new ArrayList<>(new LinkedHashSet<>(scopes)), h.read("roles/p").data().get("scopes"));
    assertEquals("platform", h.read("roles/p").data().get("token_type"));
  }

  static Stream<Arguments> colonScopeCases() {
    return Seeded.cases(200, colonScopes());
  }

  @ParameterizedTest
  @MethodSource("colonScopeCases")
  void classicRoleRefusesAnyPlatformShapedScopeNamingScopesAndTheTokenType(String scope) throws Exception {
    EngineHarness h = new EngineHarness();

    String error = errorOf(h.write("roles/ci", Map.of("scopes", List.of("metrics.read", scope))));

    assertTrue(error.contains("\"scopes\"") && error.contains("token_type=platform"), error);
  }

  static Stream<Arguments> classicScopeCases() {
    return Seeded.cases(200, scopes());
  }

  @ParameterizedTest
  @MethodSource("classicScopeCases")
  void platformRoleRefusesAnyClassicScopeNamingScopes(String scope) throws Exception {
    EngineHarness h = new EngineHarness();

    String error = errorOf(h.write("roles/p", Map.of("token_type", "platform",
        "scopes", List.of("storage:logs:read", scope))));

    assertTrue(error.contains("\"scopes\"") && error.contains(scope), error);
  }

  /** A pool of 1 to 6 scopes, then a list of 1 to 12 drawn from it (so repeats are common). */
  static Gen<List<String>> scopeLists() {
    Gen<List<String>> pools = scopes().list(1, 6);
    return r -> Seeded.values(pools.next(r)).list(1, 12).next(r);
  }

  static Gen<Character> foreignChars() {
    // A space is foreign too, but list items are trimmed, so only an interior one is refused (example test).
    return Seeded.values('/', '!', '@', '#', '$', '%', '*', '(', '+', '=', '"', '\'', '<', '?', '\\',
        '|', '~', '`', ';', '\u00e9', '\u00df', '\u4e2d');
  }

  static Gen<Character> nonLetterStarts() {
    return Seeded.values('0', '7', '.', '_', ':', '-');
  }
}
