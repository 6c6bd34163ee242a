package io.dtvb.engine;

import static io.dtvb.engine.EngineHarness.START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.engine.EngineHarness.Lease;
import io.dtvb.vaultsdk.framework.Response;
import io.dtvb.vaultsdk.framework.StaticSystemView;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A new lease's TTL, max TTL, hard end and token expiry follow the role, the mount and Dynatrace. */
class CredsLeaseTermsTest {
  private static final StaticSystemView MOUNT =
      new StaticSystemView(Duration.ofMinutes(30), Duration.ofHours(8), false, "");

  private final EngineHarness h = new EngineHarness(MOUNT);

  @Test
  void credsLeaseUsesTheRoleTtlAndMaxTtl() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read", "ttl", "1h", "max_ttl", "4h"));

    Lease lease = h.issue("ci");

    assertEquals(Duration.ofHours(1), lease.ttl());
    assertEquals(Duration.ofHours(4), lease.maxTtl());
    assertEquals(START.plus(Duration.ofHours(4)).getEpochSecond(), ((Number) lease.internal().get("hard_end")).longValue());
  }

  @Test
  void credsLeaseIsRenewableOnlyWhenARenewCouldExtendIt() throws Exception {
    h.configured()
        .withRole("short", Map.of("scopes", "metrics.read", "ttl", "1h", "max_ttl", "4h"))
        .withRole("flat", Map.of("scopes", "metrics.read", "ttl", "4h", "max_ttl", "4h"));

    assertTrue(h.issue("short").renewable());
    // The TTL already reaches the hard end: clients (Vault Agent) must re-read near the end rather
    // than renew, or they renew at once, see "not renewable" and mint again in a loop.
    assertFalse(h.issue("flat").renewable());
  }

  @Test
  void credsLeaseFallsBackToTheMountDefaultAndMax() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read"));

    Lease lease = h.issue("ci");

    assertEquals(Duration.ofMinutes(30), lease.ttl());
    assertEquals(Duration.ofHours(8), lease.maxTtl());
  }

  @Test
  void credsLeaseIsCappedByTheMountMax() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read", "ttl", "10h", "max_ttl", "20h"));

    Lease lease = h.issue("ci");

    assertEquals(Duration.ofHours(8), lease.ttl());
    assertEquals(Duration.ofHours(8), lease.maxTtl());
  }

  @Test
  void credsLeaseTtlNeverExceedsTheRoleMaxTtl() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read", "max_ttl", "10m"));

    Lease lease = h.issue("ci");

    assertEquals(Duration.ofMinutes(10), lease.ttl());
    assertEquals(Duration.ofMinutes(10), lease.maxTtl());
  }

  @Test
  void credsTokenExpiresOneSkewAfterTheLeaseHardEnd() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read", "max_ttl", "2h"));
    h.clock.advance(Duration.ofMillis(700));

    Lease lease = h.issue("ci");

    Instant hardEnd = START.plus(Duration.ofHours(2));
    Instant expiry = hardEnd.plus(LeaseTerms.EXPIRY_SKEW);
    assertEquals(expiry, h.broker.lastMint().order().expiration());
    assertEquals(expiry.toString(), lease.data().get("expires_at"));
    assertEquals(hardEnd.getEpochSecond(), ((Number) lease.internal().get("hard_end")).longValue());
  }

  @Test
  void credsShortensTheLeaseWhenDynatraceSetAnEarlierExpiry() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read", "ttl", "1h", "max_ttl", "4h"));
    h.broker.expiryCeiling = START.plus(Duration.ofMinutes(30));

    Response r = h.read("creds/ci");

    assertEquals(Duration.ofMinutes(30), r.secret().ttl());
    assertEquals(Duration.ofMinutes(30), r.secret().maxTtl());
    assertEquals(START.plus(Duration.ofMinutes(30)).getEpochSecond(), r.secret().internalData().get("hard_end"));
    assertTrue(r.warnings().get(0).contains("before the lease's planned end"));
  }
}
