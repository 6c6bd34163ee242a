package io.dtvb.engine;

import static io.dtvb.engine.EngineHarness.assertOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.engine.EngineHarness.Lease;
import io.dtvb.sidecarapi.LeaseContext;
import io.dtvb.vaultsdk.framework.StaticSystemView;
import io.dtvb.vaultsdk.framework.WriteAheadLog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the engine tells the sidecar's lease log with each upstream action: who, which lease, why.
 * Every context comes from the lease's one record ({@link LeaseData}); the operation (revoke,
 * renewed, sweep, revoke-by-name) says what happens, never a cause the caller asserts.
 */
class LeaseContextTest {
  private final EngineHarness h = new EngineHarness(
      new StaticSystemView(Duration.ofMinutes(20), Duration.ofHours(8), false, ""), WalMintJournal::new);

  private Lease issue() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read", "ttl", "1h", "max_ttl", "4h",
        "metadata", Map.of("team", "payments")));
    return h.issue("ci");
  }

  private static Instant hardEnd(Lease lease) {
    return Instant.ofEpochSecond(((Number) lease.internal().get("hard_end")).longValue());
  }

  @Test
  void mintSendsTheLeaseContextWithTheHardEnd() throws Exception {
    Lease lease = issue();

    LeaseContext c = h.broker.lastMint().request().lease();
    assertEquals("entity-42", c.entityId());
    assertEquals("token-ci-runner", c.displayName());
    assertEquals(hardEnd(lease), c.hardEnd());
    assertEquals(lease.data().get("token_name"), c.tokenName());
  }

  @Test
  void revokeCarriesTheLeasesVaultContextFromItsInternalData() throws Exception {
    Lease lease = issue();

    assertEquals(null, h.revoke(lease));

    FakeSidecar.Action a = h.broker.audits.get(0);
    assertEquals("revoke", a.operation());
    assertEquals(lease.data().get("token_id"), a.target());
    LeaseContext c = a.lease();
    assertEquals("dynatrace/", c.mount());
    assertEquals("ci", c.role());
    assertEquals("entity-42", c.entityId());
    assertEquals("token-ci-runner", c.displayName());
    assertEquals(lease.data().get("token_name"), c.tokenName());
    assertEquals(Map.of("team", "payments"), c.metadata());
    assertEquals(hardEnd(lease), c.hardEnd());
    assertTrue(c.requestId().startsWith("req-"), c.requestId());
  }

  @Test
  void renewIsReportedToTheLeaseLog() throws Exception {
    Lease lease = issue();

    assertOk(h.renew(lease, Duration.ofMinutes(30)));

    assertEquals(List.of(lease.data().get("token_id")), h.broker.renewals);
    FakeSidecar.Action a = h.broker.audits.get(0);
    assertEquals("renewed", a.operation());
    assertEquals("entity-42", a.lease().entityId());
    assertTrue(a.reason().contains("1800s"), a.reason());
  }

  @Test
  void renewSucceedsEvenWhenTheLeaseLogCannotBeTold() throws Exception {
    Lease lease = issue();
    h.broker.failNext(FakeSidecar.Call.RENEWED, UpstreamException.retryable("sidecar unreachable", null));

    assertOk(h.renew(lease, Duration.ofMinutes(30)));
    assertTrue(h.broker.renewals.isEmpty());
  }

  @Test
  void tidySweepsAndRollbackRevokesByNameSayingWhy() throws Exception {
    h.configured();
    String prefix = TokenNames.mountPrefix(EngineHarness.MOUNT_UUID);
    h.broker.plant(prefix + "orphan");
    String lost = prefix + "lost";
    h.broker.plant(lost);
    WriteAheadLog.put(h.storage, WalMintJournal.KIND, Map.of(WalMintJournal.TOKEN_NAME, lost, "role", "ci"),
        h.clock.instant().minus(Duration.ofHours(1)));

    assertOk(h.write("tidy", Map.of()));
    assertOk(h.rollback(Map.of()));

    assertEquals("sweep", h.broker.audits.get(0).operation());
    assertEquals(prefix + "orphan", h.broker.audits.get(0).lease().tokenName());
    assertTrue(h.broker.audits.get(0).reason().contains("orphan"));
    assertEquals("revoke_by_name", h.broker.audits.get(1).operation());
    assertEquals(lost, h.broker.audits.get(1).lease().tokenName());
    assertEquals("ci", h.broker.audits.get(1).lease().role(), "an old journal entry still names its role");
  }
}
