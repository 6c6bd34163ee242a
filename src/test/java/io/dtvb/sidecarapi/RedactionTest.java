package io.dtvb.sidecarapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Credential shapes are scrubbed wherever they stand; ordinary text and public token ids are kept. */
class RedactionTest {
  private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  private static String random(Random r, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(ALNUM.charAt(r.nextInt(ALNUM.length())));
    }
    return b.toString();
  }

  /** Dynatrace-shaped tokens of every prefix, built at run time from a fixed seed. */
  static Stream<Arguments> tokens() {
    Random r = new Random(20261201L);
    String[] prefixes = {"dt0c01", "dt0s16", "dt0s02", "dt0a01"};
    return IntStream.range(0, 40).mapToObj(i -> {
      String id = prefixes[i % prefixes.length] + "." + random(r, 24);
      return Arguments.of("seed 20261201 #" + i, id, random(r, 64));
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tokens")
  void aTokenSecretIsRemovedAndItsPublicIdKept(String label, String publicId, String secret) {
    String text = "only ' ' and '\\t' are allowed after '\\n': Api-Token " + publicId + "." + secret + " (retry)";

    String out = Redaction.scrub(text);

    assertFalse(out.contains(secret), out);
    assertTrue(Redaction.looksSecret(publicId + "." + secret));
    assertTrue(Redaction.scrub("token " + publicId + "." + secret).contains(publicId), "public id stays for support");
  }

  @Test
  void bearerJwtsPemKeysAndFormSecretsAreRemoved() {
    String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
    String pem = "-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA\n-----END PRIVATE KEY-----";

    assertFalse(Redaction.scrub("Authorization: Bearer " + jwt).contains(jwt));
    assertFalse(Redaction.scrub("got " + jwt + " back").contains("c2lnbmF0dXJl"));
    assertFalse(Redaction.scrub("key: " + pem + " end").contains("MIIBVQ"));
    assertFalse(Redaction.scrub("grant_type=client_credentials&client_secret=abcDEF123&scope=x").contains("abcDEF123"));
    assertFalse(Redaction.scrub("{\"client_secret\": \"abcDEF123\"}").contains("abcDEF123"));
  }

  @Test
  void ordinaryMessagesAreLeftAlone() {
    for (String text : List.of("invalid value for field \"api_token\": must not contain control characters",
        "Token is missing required scope apiTokens.write", "dt0c01.ABCDEFGH has been deleted",
        "HTTP 503: Service Unavailable", "")) {
      assertEquals(text, Redaction.scrub(text));
      assertFalse(Redaction.looksSecret(text));
    }
  }

  @Test
  void knownSecretsOfAnyShapeAreRemovedToo() {
    String odd = "weird-secret-value\u0000";

    assertEquals("header value " + Redaction.MARK + " rejected",
        Redaction.scrub("header value " + odd + " rejected", List.of(odd)));
  }

  @Test
  void controlCharactersAreFound() {
    assertTrue(Redaction.hasControlCharacter("a\r\nb"));
    assertTrue(Redaction.hasControlCharacter("a\u0000"));
    assertTrue(Redaction.hasControlCharacter("tab\there"), "a tab is no part of a credential either");
    assertFalse(Redaction.hasControlCharacter("plain value with spaces"));
  }
}
