package io.dtvb.dynatrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The account client's SSO grant: form fields, bearer cache and refresh, rejections and SSO error bodies. */
class PlatformTokenAuthTest extends AccountTestBase {

  @Test
  void theGrantAsksForTheAccountResourceAndTheDefaultScopes() {
    client().list(null).await();

    AccountApiStub.Recorded grant = stub.requests("POST", AccountApiStub.SSO_PATH).get(0);
    assertEquals("client_credentials", grant.formValue("grant_type"));
    assertEquals(AccountApiStub.CLIENT_ID, grant.formValue("client_id"));
    assertEquals(AccountApiStub.CLIENT_SECRET, grant.formValue("client_secret"));
    assertEquals(AccountConnection.DEFAULT_ACCOUNT_SCOPE, grant.formValue("scope"));
    assertEquals("urn:dtaccount:" + AccountApiStub.ACCOUNT_UUID, grant.formValue("resource"));
    assertTrue(grant.headers().get("Content-Type").startsWith("application/x-www-form-urlencoded"));
  }

  @Test
  void aConfiguredScopeIsRequestedInstead() {
    client(stub.connection(AccountApiStub.CLIENT_SECRET, AccountConnection.DOCUMENTED_ACCOUNT_SCOPE), options())
        .list(null).await();

    assertEquals("account-idm-read account-idm-write",
        stub.requests("POST", AccountApiStub.SSO_PATH).get(0).formValue("scope"));
  }

  @Test
  void theBearerIsCachedAndRefreshedShortlyBeforeItExpires() {
    PlatformTokenApi api = client();
    api.list(null).await();
    api.limits().await();
    clientClock.advance(Duration.ofSeconds(260));
    api.list(null).await();
    assertEquals(1, stub.grants.get());

    clientClock.advance(Duration.ofSeconds(11));
    api.list(null).await();

    assertEquals(2, stub.grants.get());
  }

  @Test
  void aRejectedBearerIsReplacedOnceAndTheCallSucceeds() {
    PlatformTokenApi api = client();
    api.list(null).await();
    stub.forgetBearers();

    MintedToken minted = api.create(request("after-401", "storage:logs:read")).await();

    assertTrue(minted.token().startsWith("dt0s16."));
    assertEquals(2, stub.grants.get());
    assertEquals(2, stub.requests("POST", "/platform-tokens").size());
  }

  @Test
  void aScopeTheClientLacksIsNamedWithTheResourceAndTheSettingToChange() {
    stub.clientScopes = Set.of("account-idm-read", "account-idm-write");

    DynatraceException e = failure(client().create(request("x", "storage:logs:read")));

    assertEquals(400, e.status());
    assertFalse(e.retryable());
    String m = e.getMessage();
    assertTrue(m.contains(AccountApiStub.CLIENT_ID), m);
    assertTrue(m.contains(AccountConnection.DEFAULT_ACCOUNT_SCOPE), m);
    assertTrue(m.contains("urn:dtaccount:" + AccountApiStub.ACCOUNT_UUID), m);
    assertTrue(m.contains("whole request") && m.contains("account_scope"), m);
    assertTrue(m.contains("(400 invalid_request)"), "an empty description leaves no dangling colon: " + m);
    assertFalse(m.contains("SECRETPART"), m);
    assertEquals(0, stub.requests("POST", "/platform-tokens").size());
  }

  @Test
  void aWrongSecretIsNotRevealed() {
    DynatraceException e = failure(client(stub.connection(AccountApiStub.CLIENT_ID + ".WRONGWRONGWRONGWRONG", null),
        options()).list(null));

    assertEquals(400, e.status());
    assertTrue(e.getMessage().contains("invalid_client: Bad client credentials"), e.getMessage());
    assertFalse(e.getMessage().contains("WRONGWRONG"));
  }

  @Test
  void theSsoErrorEnvelopeShowsItsMessageAndIssueId() {
    stub.respond("POST", AccountApiStub.SSO_PATH, 400,
        "{\"errorCode\":400,\"message\":\"Bad Request\",\"issueId\":\"1234-abcd-5678\"}");

    DynatraceException e = failure(client().list(null));

    assertTrue(e.getMessage().contains("(400 Bad Request (issueId 1234-abcd-5678))"), e.getMessage());
  }

  @Test
  void aTextAnswerShowsItsStartCleanedAndScrubbed() {
    String body = "upstream\r\nsaid\tno " + AccountApiStub.CLIENT_SECRET + " Bearer abc.def.ghi " + "x".repeat(300);
    stub.respond("POST", AccountApiStub.SSO_PATH, 403, body, "Content-Type", "text/plain");

    DynatraceException e = failure(client().list(null));

    String m = e.getMessage();
    assertTrue(m.contains("(403 upstream said no <redacted> Bearer <redacted> xxx"), m);
    assertFalse(m.contains("SECRETPART") || m.contains("abc.def") || m.contains("\n") || m.contains("\t"), m);
    assertFalse(m.contains("x".repeat(200)), "at most 200 characters of the body: " + m);
  }

  @Test
  void anEmptyRejectionStillSaysWhatToCheck() {
    stub.respond("POST", AccountApiStub.SSO_PATH, 401, "");

    DynatraceException e = failure(client().list(null));

    assertEquals(401, e.status());
    assertTrue(e.getMessage().contains("grant of the account OAuth client (401). Check"), e.getMessage());
  }

  @Test
  void ssoThrottlingAndOutagesAreRetryable() {
    stub.respond("POST", AccountApiStub.SSO_PATH, 429, "{\"error\":\"slow_down\"}");
    DynatraceException throttled = failure(client().list(null));
    assertEquals(429, throttled.status());
    assertTrue(throttled.retryable());
    assertTrue(throttled.getMessage().contains("SSO answered 429 to the client-credentials grant: slow_down"), throttled.getMessage());

    stub.respond("POST", AccountApiStub.SSO_PATH, 502, "<html><body>Bad gateway</body></html>");
    DynatraceException down = failure(client().list(null));
    assertTrue(down.retryable());
    assertTrue(down.getMessage().contains("Bad gateway"), down.getMessage());
  }
}
