package io.dtvb.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.testing.Seeded;
import io.dtvb.testing.Seeded.Gen;
import io.dtvb.vaultsdk.framework.UserError;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of token names: whatever the template and the request context, a name keeps the
 * mount's prefix, ends in its nonce, fits 100 characters and uses only safe characters; and one
 * mount's prefix never starts another mount's names.
 */
class NameTemplatePropertiesTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  static Stream<Arguments> templatesAndContexts() {
    return Seeded.cases(1000, templates(), texts(), texts(), texts(), texts(), uuids());
  }

  @ParameterizedTest
  @MethodSource("templatesAndContexts")
  void everyNameKeepsThePrefixAndTheNonceAndFits(String template, String displayName, String entityId, String role,
      String mount, String mountUuid) {
    String prefix = TokenNames.mountPrefix(mountUuid);
    String nonce = TokenNames.nonce(RANDOM);
    String rendered = NameTemplate.parse(template).render(new NameTemplate.Inputs(
        displayName, entityId, role, mount, Instant.ofEpochSecond(1_900_000_000L), RANDOM));

    String name = TokenNames.name(prefix, rendered, nonce);

    assertTrue(name.length() <= TokenNames.MAX_LENGTH, name);
    assertTrue(name.startsWith(prefix), name);
    assertTrue(name.endsWith("-" + nonce), name);
    assertTrue(name.matches("[A-Za-z0-9._-]+"), name);
    assertFalse(name.substring(prefix.length()).startsWith("-"), name);
  }

  static Stream<Arguments> uuidPairs() {
    return Seeded.cases(500, uuids(), uuids());
  }

  @ParameterizedTest
  @MethodSource("uuidPairs")
  void onePrefixNeverStartsAnotherMountsNames(String a, String b) {
    String pa = TokenNames.mountPrefix(a);
    String pb = TokenNames.mountPrefix(b);
    String nameOfB = TokenNames.name(pb, "dynatrace-b-ci", TokenNames.nonce(RANDOM));

    assertEquals(a.equals(b) || pa.equals(pb), nameOfB.startsWith(pa));
    assertTrue(pa.matches("vault-[a-z2-7]{8}-"), pa);
  }

  static Stream<Arguments> safeTextPairs() {
    return Seeded.cases(500, safeTexts(), safeTexts());
  }

  @ParameterizedTest
  @MethodSource("safeTextPairs")
  void placeholdersRenderTheirValues(String role, String display) {
    NameTemplate t = NameTemplate.parse("{{.RoleName}}.{{.DisplayName | truncate 5}}.{{unix_time}}");

    String out = t.render(new NameTemplate.Inputs(display, "", role, "x/", Instant.ofEpochSecond(42), RANDOM));

    assertEquals(TokenNames.clean(role + "." + (display.length() > 5 ? display.substring(0, 5) : display)
        + ".42"), out);
  }

  static Stream<Arguments> unknownPlaceholderCases() {
    return Seeded.cases(300, unknownPlaceholders());
  }

  @ParameterizedTest
  @MethodSource("unknownPlaceholderCases")
  void anythingElseInBracesIsRefusedNamingTheField(String inner) {
    UserError e = assertThrows(UserError.class, () -> NameTemplate.parse("ci-{{" + inner + "}}"));

    assertTrue(e.getMessage().startsWith("invalid value for field \"name_template\""), e.getMessage());
  }

  static Stream<Arguments> junkTemplates() {
    return Seeded.cases(300, junk());
  }

  @ParameterizedTest
  @MethodSource("junkTemplates")
  void parsingArbitraryTextEitherSucceedsOrNamesTheField(String template) {
    try {
      NameTemplate.parse(template).render(new NameTemplate.Inputs("d", "e", "r", "m/", Instant.EPOCH, RANDOM));
    } catch (UserError e) {
      assertTrue(e.getMessage().startsWith("invalid value for field \"name_template\""), e.getMessage());
    }
  }

  static Gen<String> templates() {
    Gen<String> placeholder = Seeded.combine(
        Seeded.values(".DisplayName", ".EntityIDHash", ".RoleName", ".MountPath", "unix_time", "random 1",
            "random 32", "random 8"),
        Seeded.values("", " | truncate 3", " | lowercase", " | uppercase", " | truncate 40 | lowercase"),
        (source, filter) -> "{{" + source + filter + "}}");
    Gen<String> literal = Seeded.strings("abcXYZ09-_.:/ é", 0, 12);
    return Seeded.oneOf(placeholder, literal).list(1, 8)
        .map(parts -> String.join("", parts))
        .filter(t -> !t.isBlank() && t.length() <= NameTemplate.MAX_TEMPLATE_LENGTH);
  }

  static Gen<String> texts() {
    return Seeded.strings(150);
  }

  static Gen<String> safeTexts() {
    return Seeded.strings(Seeded.ALPHA + Seeded.NUMERIC, 1, 20);
  }

  /** Random (version 4) UUIDs, drawn from the seeded source. */
  static Gen<String> uuids() {
    return r -> new UUID((r.nextLong() & ~0xF000L) | 0x4000L,
        (r.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L).toString();
  }

  static Gen<String> unknownPlaceholders() {
    List<String> known = List.of(".DisplayName", ".EntityIDHash", ".RoleName", ".MountPath", "unix_time");
    return Seeded.strings("abcdefgXYZ.| 0123", 1, 15)
        .filter(s -> !s.contains("}") && !known.contains(s.split("\\|", -1)[0].strip())
            && !s.split("\\|", -1)[0].strip().matches("random\\s+\\d{1,3}"));
  }

  static Gen<String> junk() {
    return Seeded.strings("{}.|abcRoleName 0123", 0, 40);
  }
}
