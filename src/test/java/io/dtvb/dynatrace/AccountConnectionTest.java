package io.dtvb.dynatrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Account connection defaults, redaction and what the client refuses to be built from. */
class AccountConnectionTest {
  private static final String UUID = "3f0c7a4e-1b2d-4c5e-8f9a-0b1c2d3e4f5a";
  private static final String SECRET = "dt0s02.ABCDEFGH.TOPSECRETTOPSECRETTOPSECRET";
  private static Vertx vertx;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    vertx.close().await();
  }

  @Test
  void nullOrBlankUrlScopeAndSsoMeanTheDefaults() {
    AccountConnection c = new AccountConnection(UUID, null, "dt0s02.ABCDEFGH", SECRET, " ", "");

    assertEquals("https://api.dynatrace.com", c.accountApiUrl());
    assertEquals("platform-token:tokens:write platform-token:tokens:manage", c.scope());
    assertEquals(DynatraceConnection.DEFAULT_SSO_URL, c.ssoUrl());
    assertEquals("urn:dtaccount:" + UUID, c.resource());
    assertEquals("https://api.dynatrace.com/iam/v1/accounts/" + UUID, c.accountBaseUrl());
    assertEquals(c, AccountConnection.of(UUID, "dt0s02.ABCDEFGH", SECRET));
    assertEquals("https://x.example/iam/v1/accounts/" + UUID,
        new AccountConnection(UUID, "https://x.example/", "id", SECRET, null, null).accountBaseUrl());
  }

  @Test
  void toStringNeverShowsTheSecret() {
    String s = AccountConnection.of(UUID, "dt0s02.ABCDEFGH", SECRET).toString();

    assertFalse(s.contains("TOPSECRET"), s);
    assertTrue(s.contains("dt0s02.ABCDEFGH") && s.contains(UUID) && s.contains("<redacted>"), s);
  }

  @Test
  void theClientRefusesIncompleteConnections() {
    for (AccountConnection bad : new AccountConnection[] {
        AccountConnection.of(null, "id", SECRET), AccountConnection.of("a/b", "id", SECRET),
        AccountConnection.of(UUID, null, SECRET), AccountConnection.of(UUID, "id", " "),
        new AccountConnection(UUID, "ftp://x", "id", SECRET, null, null),
        new AccountConnection(UUID, null, "id", SECRET, null, "file:///tmp/x")}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> PlatformTokenApiHttp.create(vertx, bad), bad.toString());
      assertFalse(e.getMessage().contains("TOPSECRET"));
    }
    assertThrows(IllegalArgumentException.class, () -> PlatformTokenApiHttp.create(vertx, null));
  }
}
