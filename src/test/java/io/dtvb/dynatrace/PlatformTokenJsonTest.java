package io.dtvb.dynatrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lenient reading of Account Management JSON, owner and expiry derivation, and the bearer's subject. */
class PlatformTokenJsonTest {
  private static final String UUID = "0a1b2c3d-4e5f-4061-8293-a4b5c6d7e8f9";

  private static PlatformTokenInfo info(String owner, String userUuid, Instant expiration) {
    return new PlatformTokenInfo("dt0s16.X", "n", owner, userUuid, null, null, null, "ACTIVE", null, expiration);
  }

  @Test
  void ownerUuidPrefersUserUuidThenAUuidShapedOwner() {
    assertEquals("u-1", info(UUID + "@service.sso.dynatrace.com", "u-1", null).ownerUuid());
    assertEquals(UUID, info(UUID + "@service.sso.dynatrace.com", null, null).ownerUuid());
    assertEquals(UUID, info(UUID, null, null).ownerUuid());
    assertNull(info("ann@example.com", null, null).ownerUuid());
    assertNull(info(null, null, null).ownerUuid());
  }

  @Test
  void expiryIsDerivedFromTheDateNotTheStatus() {
    Instant now = Instant.parse("2026-08-06T10:00:00Z");
    assertTrue(info(null, null, now).expiredAt(now));
    assertTrue(info(null, null, now.minusSeconds(1)).expiredAt(now));
    assertFalse(info(null, null, now.plusSeconds(1)).expiredAt(now));
    assertFalse(info(null, null, null).expiredAt(now), "no date never expires");
  }

  @Test
  void datesWithOrWithoutMillisOrZoneAndOddValuesAreRead() {
    PlatformTokenInfo i = PlatformTokenJson.info(new JsonObject().put("tokenId", "dt0s16.A").put("createdAt", "2026-08-06T11:04:00")
        .put("expirationDate", "2027-12-31T23:59:59.5+01:00").put("scope", "a:b c:d").put("tags", new JsonArray().add(7))
        .put("name", 12).put("accountUuid", 123456));
    assertEquals(Instant.parse("2026-08-06T11:04:00Z"), i.createdAt());
    assertEquals(Instant.parse("2027-12-31T22:59:59.5Z"), i.expirationDate());
    assertEquals(List.of("a:b", "c:d"), i.scopes());
    assertEquals(List.of("7"), i.tags());
    assertEquals("12", i.name());
    assertEquals(List.of(), i.resources());
    assertNull(PlatformTokenJson.info(new JsonObject().put("expirationDate", "soon")).expirationDate());
  }

  @Test
  void theCreateAnswerNeedsATokenAndItsIdCanBeDerived() {
    Instant sent = Instant.parse("2026-10-01T00:00:00Z");
    assertEquals(new MintedToken("dt0s16.AB", "dt0s16.AB.CD", sent),
        PlatformTokenJson.minted(new JsonObject().put("token", "dt0s16.AB.CD"), sent));
    assertThrows(DynatraceException.class, () -> PlatformTokenJson.minted(new JsonObject().put("tokenId", "x"), sent));
    assertThrows(DynatraceException.class, () -> PlatformTokenJson.minted(new JsonObject().put("token", "opaque"), sent));
  }

  @Test
  void limitsSkipEntriesWithoutTypeOrValue() {
    List<AccountLimit> limits = PlatformTokenJson.limits(new JsonArray()
        .add(new JsonObject().put("limitType", "A").put("limitValue", 5))
        .add(new JsonObject().put("limitValue", 5))
        .add(new JsonObject().put("limitType", "B").put("limitValue", "many"))
        .add("junk"));
    assertEquals(List.of(new AccountLimit("A", 5, 0)), limits);
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theSubjectOfAJwtBearerIsReadWithoutVerification() {
    String jwt = b64("{\"alg\":\"RS256\"}") + "." + b64("{\"sub\":\"" + UUID + "\",\"name\":\"é\"}") + ".sig";
    assertEquals(UUID, PlatformTokenJson.jwtSubject("Bearer " + jwt));
    assertEquals(UUID, PlatformTokenJson.jwtSubject(jwt));
    String padded = b64("{}") + "." + Base64.getUrlEncoder().encodeToString(("{\"sub\":\"ab\"}").getBytes(StandardCharsets.UTF_8)) + ".s";
    assertEquals("ab", PlatformTokenJson.jwtSubject("Bearer " + padded));
  }

  @Test
  void anythingElseHasNoSubject() {
    assertNull(PlatformTokenJson.jwtSubject(null));
    assertNull(PlatformTokenJson.jwtSubject("Bearer opaque"));
    assertNull(PlatformTokenJson.jwtSubject("Bearer dt0s16.ABCDEFGH.SECRET"));
    assertNull(PlatformTokenJson.jwtSubject("Bearer " + b64("{}") + "." + b64("{\"sub\":5}") + ".s"));
    assertNull(PlatformTokenJson.jwtSubject("Bearer " + b64("{}") + "." + b64("not json") + ".s"));
    assertNull(PlatformTokenJson.jwtSubject("Bearer a.!!!.c"));
  }
}
