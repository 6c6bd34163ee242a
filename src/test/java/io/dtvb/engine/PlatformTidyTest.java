package io.dtvb.engine;

import static io.dtvb.engine.EngineHarness.START;
import static io.dtvb.engine.EngineHarness.assertOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.engine.EngineHarness.Lease;
import io.dtvb.sidecarapi.ListedToken;
import io.dtvb.sidecarapi.MintedCredential;
import io.dtvb.sidecarapi.TokenType;
import io.dtvb.vaultsdk.framework.Response;
import io.dtvb.vaultsdk.framework.StaticSystemView;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** tidy with platform tokens: expired ones of this mount are deleted (they count against the cap), others kept. */
class PlatformTidyTest {
  private final EngineHarness h = new EngineHarness(
      new StaticSystemView(Duration.ofHours(1), Duration.ofHours(24), false, ""), WalMintJournal::new);
  private final String prefix = TokenNames.mountPrefix(EngineHarness.MOUNT_UUID);

  @BeforeEach
  void setUp() throws Exception {
    h.configuredWithAccount()
        .withRole("p", Map.of("token_type", "platform", "scopes", "storage:logs:read", "ttl", "10m", "max_ttl", "1h"))
        .withRole("ci", Map.of("scopes", "metrics.read", "ttl", "10m", "max_ttl", "1h"));
  }

  private static String id(Lease lease) {
    return (String) lease.data().get("token_id");
  }

  @Test
  void tidyDeletesThisMountsExpiredPlatformTokensAndDropsTheirInventoryEntries() throws Exception {
    Lease expired = h.issue("p");
    h.clock.advance(Duration.ofMinutes(20)); // past the first lease's token expiry (10m + 1m)
    Lease live = h.issue("p");
    Lease classic = h.issue("ci");

    Map<String, Object> result = tidy();

    assertEquals(1, result.get("expired_found"));
    assertEquals(1, result.get("expired_deleted"));
    assertEquals(0, result.get("expired_failed"));
    assertEquals(List.of(id(expired)), result.get("expired_ids"));
    assertEquals(0, result.get("orphans_found"));
    assertFalse(h.broker.live.containsKey(id(expired)));
    assertNull(h.read("tokens/" + id(expired)), "its inventory entry is dropped");
    assertTrue(h.broker.live.containsKey(id(live)));
    assertTrue(h.broker.live.containsKey(id(classic)));
    assertOk(h.read("tokens/" + id(live)));
    FakeSidecar.Action sweep = h.broker.audits.get(h.broker.audits.size() - 1);
    assertEquals("sweep", sweep.operation());
    assertEquals(TokenType.PLATFORM, sweep.lease().tokenType());
    assertOk(h.revoke(expired)); // the lease's own revocation later finds the token already gone
  }

  @Test
  void expiredAndOrphanedAreCountedApartAndBothDeleted() throws Exception {
    MintedCredential expiredOrphan = h.broker.plantPlatform(prefix + "p-lost1", START.minusSeconds(1));
    MintedCredential orphan = h.broker.plantPlatform(prefix + "p-lost2", START.plus(Duration.ofHours(1)));
    MintedCredential classicOrphan = h.broker.plant(prefix + "ci-lost3");

    Map<String, Object> result = tidy();

    assertEquals(1, result.get("expired_deleted"));
    assertEquals(2, result.get("orphans_deleted"));
    assertEquals(3, result.get("tokens_listed"));
    assertTrue(h.broker.live.isEmpty(), String.valueOf(h.broker.live.keySet()));
    assertEquals(List.of(expiredOrphan.tokenId()), result.get("expired_ids"));
    assertTrue(((List<?>) result.get("orphan_ids")).containsAll(List.of(orphan.tokenId(), classicOrphan.tokenId())));
  }

  @Test
  void aTokenAtItsExpiryCountsAsExpired() throws Exception {
    MintedCredential atExpiry = h.broker.plantPlatform(prefix + "p-edge", START);

    Map<String, Object> result = tidy();

    assertEquals(List.of(atExpiry.tokenId()), result.get("expired_ids"));
  }

  @Test
  void anExpiredClassicTokenThatALeaseHoldsIsLeftToItsLease() throws Exception {
    Lease classic = h.issue("ci");
    h.clock.advance(Duration.ofHours(3)); // past the classic token's fixed expiry; the fake still lists it

    Map<String, Object> result = tidy();

    assertEquals(0, result.get("expired_found"));
    assertEquals(0, result.get("orphans_found"));
    assertTrue(h.broker.live.containsKey(id(classic)));
  }

  @Test
  void otherMountsAndUnprefixedTokensAreNeverTouchedEvenWhenExpired() throws Exception {
    MintedCredential foreign = h.broker.plantPlatform(TokenNames.mountPrefix("another-mount") + "p-x",
        START.minusSeconds(60));
    ListedToken unprefixed = new ListedToken(TokenType.PLATFORM_PREFIX + "UNPREFIX", "someone-elses-token", null,
        START.minusSeconds(60), TokenType.PLATFORM);
    h.broker.alsoListed.add(unprefixed);

    Map<String, Object> result = tidy();

    assertEquals(0, result.get("expired_found"));
    assertEquals(0, result.get("orphans_found"));
    assertTrue(h.broker.live.containsKey(foreign.tokenId()));
    assertFalse(h.broker.revokes.contains(unprefixed.tokenId()));
  }

  @Test
  void aDryRunReportsExpiredTokensButDeletesNothing() throws Exception {
    Lease expired = h.issue("p");
    h.clock.advance(Duration.ofMinutes(20));

    Response r = h.write("tidy", Map.of("dry_run", true));

    assertOk(r);
    assertEquals(List.of(id(expired)), r.data().get("expired_ids"));
    assertEquals(0, r.data().get("expired_deleted"));
    assertTrue(h.broker.live.containsKey(id(expired)));
    assertOk(h.read("tokens/" + id(expired)));
  }

  @Test
  void aFailedDeleteOfAnExpiredTokenKeepsItsInventoryEntryForTheNextRun() throws Exception {
    Lease expired = h.issue("p");
    h.clock.advance(Duration.ofMinutes(20));
    h.broker.failNext(FakeSidecar.Call.REVOKE, UpstreamException.retryable("Dynatrace answered 503", null));

    Map<String, Object> first = tidy();
    Map<String, Object> second = tidy();

    assertEquals(1, first.get("expired_failed"));
    assertTrue(String.valueOf(first.get("errors")).contains(id(expired)), String.valueOf(first.get("errors")));
    assertEquals(1, second.get("expired_deleted"));
    assertNull(h.read("tokens/" + id(expired)));
  }

  @Test
  void expiredDeletionsAreCountedInTheMetrics() throws Exception {
    h.broker.plantPlatform(prefix + "p-old", START.minusSeconds(1));

    tidy();

    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) h.read("metrics").data().get("metrics");
    assertEquals(1L, m.get("dvb_engine_tidy_expired_deleted"));
    assertEquals(0L, m.get("dvb_engine_tidy_orphans_deleted"));
  }

  private Map<String, Object> tidy() throws Exception {
    Response r = h.write("tidy", Map.of());
    assertOk(r);
    return r.data();
  }
}
