package io.dtvb.engine;

import static io.dtvb.engine.EngineHarness.START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.engine.EngineHarness.Lease;
import io.dtvb.vaultsdk.framework.Response;
import io.dtvb.vaultsdk.framework.StaticSystemView;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/** Properties of lease arithmetic: issue-time TTLs, renewals against the hard end, token names. */
class LeasePropertiesTest {

  @Property(tries = 300)
  void credsLeaseStaysWithinRoleAndMountLimits(
      @ForAll @LongRange(min = 0, max = 48 * 60) long roleTtlMin, @ForAll @LongRange(min = 0, max = 48 * 60) long roleMaxMin,
      @ForAll @LongRange(min = 1, max = 24 * 60) long mountDefaultMin, @ForAll @LongRange(min = 1, max = 24 * 60) long mountMaxMin)
      throws Exception {
    Duration mountMax = Duration.ofMinutes(mountMaxMin);
    EngineHarness h = new EngineHarness(
        new StaticSystemView(Duration.ofMinutes(mountDefaultMin), mountMax, false, "")).configured();
    long ttl = roleMaxMin > 0 ? Math.min(roleTtlMin, roleMaxMin) : roleTtlMin;
    h.withRole("ci", Map.of("scopes", "metrics.read", "ttl", ttl * 60, "max_ttl", roleMaxMin * 60));

    Lease lease = h.issue("ci");

    assertTrue(positive(lease.ttl()) && lease.ttl().compareTo(lease.maxTtl()) <= 0);
    assertTrue(lease.maxTtl().compareTo(mountMax) <= 0);
    Instant hardEnd = Instant.ofEpochSecond(((Number) lease.internal().get("hard_end")).longValue());
    assertEquals(START.plus(lease.maxTtl()), hardEnd);
    assertEquals(hardEnd.plus(LeaseTerms.EXPIRY_SKEW), h.broker.lastMint().order().expiration());
  }

  @Property(tries = 400)
  void renewNeverReachesPastTheHardEndEvenWhenVaultPrefersTheIncrement(
      @ForAll @LongRange(min = 0, max = 10 * 3600) long roleTtlSec,
      @ForAll @LongRange(min = 60, max = 24 * 3600) long roleMaxSec,
      @ForAll @LongRange(min = 0, max = 26 * 3600) long elapsedSec,
      @ForAll("increments") Duration increment) throws Exception {
    EngineHarness h = new EngineHarness().configured();
    h.withRole("ci", Map.of("scopes", "metrics.read", "ttl", Math.min(roleTtlSec, roleMaxSec), "max_ttl", roleMaxSec));
    Lease lease = h.issue("ci");
    Instant hardEnd = START.plusSeconds(roleMaxSec);
    h.clock.advance(Duration.ofSeconds(elapsedSec).plusMillis(elapsedSec % 1000));
    Instant now = h.clock.instant();

    Response r = h.renew(lease, increment);

    if (!now.isBefore(hardEnd)) {
      assertEquals("token has reached its fixed expiry", EngineHarness.errorOf(r));
      return;
    }
    Duration remaining = Duration.between(now, hardEnd);
    Duration ttl = r.secret().ttl();
    assertTrue(positive(ttl) && ttl.compareTo(remaining) <= 0, () -> "ttl " + ttl + " remaining " + remaining);
    assertEquals(ttl.compareTo(remaining) < 0, r.secret().renewable());
    Instant vaultCap = lease.issuedAt().plus(r.secret().maxTtl());
    assertTrue(!vaultCap.isAfter(hardEnd), "Vault's max-TTL cap lies past the hard end");
    Duration vaultTtl = positive(increment) ? increment : ttl;
    Instant vaultEnd = now.plus(vaultTtl).isAfter(vaultCap) ? vaultCap : now.plus(vaultTtl);
    assertTrue(!vaultEnd.isAfter(hardEnd));
  }

  private static boolean positive(Duration d) {
    return d.compareTo(Duration.ZERO) > 0;
  }

  @Provide
  Arbitrary<Duration> increments() {
    return Arbitraries.oneOf(Arbitraries.just(Duration.ZERO),
        Arbitraries.longs().between(1, 48 * 3600).map(Duration::ofSeconds));
  }

  @Property(tries = 50)
  void renewAcceptsHardEndStoredAsAString(@ForAll @LongRange(min = 1, max = 3600) long elapsedSec) throws Exception {
    EngineHarness h = new EngineHarness().configured();
    h.withRole("ci", Map.of("scopes", "metrics.read", "ttl", "10m", "max_ttl", "2h"));
    Lease lease = h.issue("ci");
    Map<String, Object> internal = new LinkedHashMap<>(lease.internal());
    internal.put("hard_end", String.valueOf(internal.get("hard_end")));
    h.clock.advance(Duration.ofSeconds(elapsedSec));

    Response r = h.renew(new Lease(lease.data(), internal, lease.ttl(), lease.maxTtl(), true, lease.issuedAt()),
        Duration.ZERO);

    assertEquals(Duration.ofMinutes(10), r.secret().ttl());
  }
}
