package io.dtvb.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.vaultsdk.framework.UserError;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of token names: whatever the template and the request context, a name keeps the
 * mount's prefix, ends in its nonce, fits 100 characters and uses only safe characters; and one
 * mount's prefix never starts another mount's names.
 */
class NameTemplatePropertiesTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Property(tries = 1000)
  void everyNameKeepsThePrefixAndTheNonceAndFits(@ForAll("templates") String template,
      @ForAll("texts") String displayName, @ForAll("texts") String entityId, @ForAll("texts") String role,
      @ForAll("texts") String mount, @ForAll("uuids") String mountUuid) {
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

  @Property(tries = 500)
  void onePrefixNeverStartsAnotherMountsNames(@ForAll("uuids") String a, @ForAll("uuids") String b) {
    String pa = TokenNames.mountPrefix(a);
    String pb = TokenNames.mountPrefix(b);
    String nameOfB = TokenNames.name(pb, "dynatrace-b-ci", TokenNames.nonce(RANDOM));

    assertEquals(a.equals(b) || pa.equals(pb), nameOfB.startsWith(pa));
    assertTrue(pa.matches("vault-[a-z2-7]{8}-"), pa);
  }

  @Property(tries = 500)
  void placeholdersRenderTheirValues(@ForAll("safeTexts") String role, @ForAll("safeTexts") String display) {
    NameTemplate t = NameTemplate.parse("{{.RoleName}}.{{.DisplayName | truncate 5}}.{{unix_time}}");

    String out = t.render(new NameTemplate.Inputs(display, "", role, "x/", Instant.ofEpochSecond(42), RANDOM));

    assertEquals(TokenNames.clean(role + "." + (display.length() > 5 ? display.substring(0, 5) : display)
        + ".42"), out);
  }

  @Property(tries = 300)
  void anythingElseInBracesIsRefusedNamingTheField(@ForAll("unknownPlaceholders") String inner) {
    UserError e = assertThrows(UserError.class, () -> NameTemplate.parse("ci-{{" + inner + "}}"));

    assertTrue(e.getMessage().startsWith("invalid value for field \"name_template\""), e.getMessage());
  }

  @Property(tries = 300)
  void parsingArbitraryTextEitherSucceedsOrNamesTheField(@ForAll("junk") String template) {
    try {
      NameTemplate.parse(template).render(new NameTemplate.Inputs("d", "e", "r", "m/", Instant.EPOCH, RANDOM));
    } catch (UserError e) {
      assertTrue(e.getMessage().startsWith("invalid value for field \"name_template\""), e.getMessage());
    }
  }

  @Provide
  Arbitrary<String> templates() {
    Arbitrary<String> placeholder = Combinators.combine(
        Arbitraries.of(".DisplayName", ".EntityIDHash", ".RoleName", ".MountPath", "unix_time", "random 1",
            "random 32", "random 8"),
        Arbitraries.of("", " | truncate 3", " | lowercase", " | uppercase", " | truncate 40 | lowercase"))
        .as((source, filter) -> "{{" + source + filter + "}}");
    Arbitrary<String> literal = Arbitraries.strings().withChars("abcXYZ09-_.:/ é").ofMaxLength(12);
    return Arbitraries.oneOf(placeholder, literal).list().ofMinSize(1).ofMaxSize(8)
        .map(parts -> String.join("", parts))
        .filter(t -> !t.isBlank() && t.length() <= NameTemplate.MAX_TEMPLATE_LENGTH);
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.strings().ofMaxLength(150);
  }

  @Provide
  Arbitrary<String> safeTexts() {
    return Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(20);
  }

  @Provide
  Arbitrary<String> uuids() {
    return Arbitraries.create(() -> java.util.UUID.randomUUID().toString());
  }

  @Provide
  Arbitrary<String> unknownPlaceholders() {
    List<String> known = List.of(".DisplayName", ".EntityIDHash", ".RoleName", ".MountPath", "unix_time");
    return Arbitraries.strings().withChars("abcdefgXYZ.| 0123").ofMinLength(1).ofMaxLength(15)
        .filter(s -> !s.contains("}") && !known.contains(s.split("\\|", -1)[0].strip())
            && !s.split("\\|", -1)[0].strip().matches("random\\s+\\d{1,3}"));
  }

  @Provide
  Arbitrary<String> junk() {
    return Arbitraries.strings().withChars("{}.|abcRoleName 0123").ofMaxLength(40);
  }
}
