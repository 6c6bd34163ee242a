package io.dtvb.engine;

import static io.dtvb.engine.EngineHarness.START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.engine.EngineHarness.Lease;
import io.dtvb.testing.Seeded;
import io.dtvb.testing.Seeded.Gen;
import io.dtvb.vaultsdk.framework.Response;
import io.dtvb.vaultsdk.framework.StaticSystemView;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Properties of lease arithmetic: issue-time TTLs, renewals against the hard end, token names. */
class LeasePropertiesTest {

  static Stream<Arguments> roleAndMountLimits() {
    return Seeded.cases(300, Seeded.longs(0, 48 * 60), Seeded.longs(0, 48 * 60),
        Seeded.longs(1, 24 * 60), Seeded.longs(1, 24 * 60));
  }

  @ParameterizedTest
  @MethodSource("roleAndMountLimits")
  void credsLeaseStaysWithinRoleAndMountLimits(long roleTtlMin, long roleMaxMin, long mountDefaultMin, long mountMaxMin)
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

  static Stream<Arguments> renewals() {
    return Seeded.cases(400, Seeded.longs(0, 10 * 3600), Seeded.longs(60, 24 * 3600), Seeded.longs(0, 26 * 3600),
        increments());
  }

  @ParameterizedTest
  @MethodSource("renewals")
  void renewNeverReachesPastTheHardEndEvenWhenVaultPrefersTheIncrement(
      long roleTtlSec, long roleMaxSec, long elapsedSec, Duration increment) throws Exception {
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

  static Gen<Duration> increments() {
    return Seeded.oneOf(Seeded.values(Duration.ZERO), Seeded.longs(1, 48 * 3600).map(Duration::ofSeconds));
  }

  static Stream<Arguments> elapsedSeconds() {
    return Seeded.cases(50, Seeded.longs(1, 3600));
  }

  @ParameterizedTest
  @MethodSource("elapsedSeconds")
  void renewAcceptsHardEndStoredAsAString(long elapsedSec) throws Exception {
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
