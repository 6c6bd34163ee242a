package io.dtvb.dynatrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Create, delete and expiry edits against the Account Management stub: what is sent, what comes back. */
class PlatformTokenApiHttpTest extends AccountTestBase {
  private static final String TOKENS = "/iam/v1/accounts/" + AccountApiStub.ACCOUNT_UUID + "/platform-tokens";

  @Test
  void createSendsTheDocumentedBodyAndReturnsTheSecretWithTheExpirySent() {
    Instant expiry = Instant.parse("2026-10-01T00:00:00.123456789Z");
    PlatformTokenCreate request = new PlatformTokenCreate("vault-role-abc", List.of("storage:metrics:write"),
        List.of("urn:dtenvironment:abc12345"), List.of("vault", "role"), expiry, AccountApiStub.SUBJECT);

    MintedToken minted = client().create(request).await();

    AccountApiStub.Recorded sent = stub.requests("POST", "/platform-tokens").get(0);
    assertEquals(TOKENS, sent.path());
    assertTrue(sent.headers().get("Authorization").startsWith("Bearer eyJ"));
    assertEquals(new JsonObject().put("name", "vault-role-abc").put("scope", new JsonArray().add("storage:metrics:write"))
        .put("resource", new JsonArray().add("urn:dtenvironment:abc12345")).put("tags", new JsonArray().add("vault").add("role"))
        .put("expirationDate", "2026-10-01T00:00:00.123Z").put("userUuid", AccountApiStub.SUBJECT), sent.json());
    assertTrue(minted.id().matches("dt0s16\\.[A-Z0-9]{8}"), minted.id());
    assertTrue(minted.token().startsWith(minted.id() + "."));
    assertEquals(Instant.parse("2026-10-01T00:00:00.123Z"), minted.expirationDate());
    assertFalse(minted.toString().contains(minted.token()));
  }

  @Test
  void createLeavesOutUnsetTagsAndOwner() {
    client().create(request("plain", "storage:logs:read")).await();

    JsonObject body = stub.requests("POST", "/platform-tokens").get(0).json();
    assertFalse(body.containsKey("tags"));
    assertFalse(body.containsKey("userUuid"));
    assertEquals("2026-08-06T11:00:00.000Z", body.getString("expirationDate"));
  }

  @Test
  void createAccepts201AndDerivesAMissingTokenIdFromTheSecret() {
    stub.tokens.createStatus = 201;
    stub.tokens.omitTokenId = true;

    MintedToken minted = client().create(request("derived", "storage:logs:read")).await();

    assertTrue(minted.id().matches("dt0s16\\.[A-Z0-9]{8}"), minted.id());
    assertTrue(minted.token().startsWith(minted.id() + "."));
    assertTrue(stub.tokens.get(minted.id()) != null);
  }

  @Test
  void aTokenThatNeverExpiresIsRefusedBeforeAnyCall() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PlatformTokenCreate("x",
        List.of("storage:logs:read"), List.of(), null, null, null));

    assertTrue(e.getMessage().contains("expirationDate"));
    assertThrows(IllegalArgumentException.class, () -> new PlatformTokenCreate("x".repeat(256),
        List.of(), List.of(), null, Instant.now(), null));
    assertEquals(0, stub.requests.size());
  }

  @Test
  void dynatracesOwnMessageIsShownAndA400IsFinal() {
    DynatraceException e = failure(client().create(request("x", "storage:bogus:write")));

    assertEquals(400, e.status());
    assertFalse(e.retryable());
    assertFalse(e.classicCreationRetired());
    assertEquals("Dynatrace answered 400 to POST /platform-tokens: Invalid scopes", e.getMessage());
  }

  @Test
  void deleteTakesAnIdOrASecretAndNeverSendsTheSecret() {
    PlatformTokenApi api = client();
    MintedToken minted = api.create(request("to-delete", "storage:logs:read")).await();

    assertEquals(DeleteOutcome.DELETED, api.delete(minted.token()).await());
    assertEquals(DeleteOutcome.ALREADY_GONE, api.delete(minted.id()).await());

    List<AccountApiStub.Recorded> deletes = stub.requests("DELETE", "/platform-tokens/");
    assertEquals(TOKENS + "/" + minted.id(), deletes.get(0).path());
    assertEquals(TOKENS + "/" + minted.id(), deletes.get(1).path());
    String secretPart = minted.token().substring(minted.id().length() + 1);
    assertTrue(stub.requests.stream().noneMatch(r -> r.path().contains(secretPart) || r.query().toString().contains(secretPart)));
  }

  @Test
  void anyTwoHundredToADeleteIsDeleted() {
    stub.respond("DELETE", "/platform-tokens/", 204, "");

    assertEquals(DeleteOutcome.DELETED, client().delete("dt0s16.GONE1234").await());
  }

  @Test
  void setExpirationPutsTheNewDateAndAnUnknownTokenIsAFinal404() {
    PlatformTokenApi api = client();
    MintedToken minted = api.create(request("renew-me", "storage:logs:read")).await();

    api.setExpiration(minted.token(), Instant.parse("2026-08-06T15:30:00Z")).await();

    AccountApiStub.Recorded put = stub.requests("PUT", "/expiration-date").get(0);
    assertEquals(TOKENS + "/" + minted.id() + "/expiration-date", put.path());
    assertEquals(new JsonObject().put("expirationDate", "2026-08-06T15:30:00.000Z"), put.json());
    PlatformTokenInfo listed = api.list(minted.id()).await().get(0);
    assertEquals(Instant.parse("2026-08-06T15:30:00Z"), listed.expirationDate());

    DynatraceException e = failure(api.setExpiration("dt0s16.UNKNOWN1", Instant.parse("2026-08-07T00:00:00Z")));
    assertEquals(404, e.status());
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("not found"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> api.setExpiration(minted.id(), null));
  }

  @Test
  void theSubjectUserIsTheSubOfTheBearerJwt() {
    assertEquals(AccountApiStub.SUBJECT, client().subjectUserUuid().await());
  }

  @Test
  void anOpaqueBearerHasNoSubjectUser() {
    stub.opaqueBearers = true;

    assertNull(client().subjectUserUuid().await());
  }
}
