package io.dtvb.engine;

import static io.dtvb.engine.EngineHarness.assertOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.engine.EngineHarness.Lease;
import io.dtvb.vaultsdk.framework.StaticSystemView;
import io.dtvb.vaultsdk.framework.WriteAheadLog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the engine tells the sidecar's lease log with each upstream action: who, which lease, why. */
class AuditContextTest {
  private final EngineHarness h = new EngineHarness(
      new StaticSystemView(Duration.ofMinutes(20), Duration.ofHours(8), false, ""), WalMintJournal::new);

  private Lease issue() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read", "ttl", "1h", "max_ttl", "4h",
        "metadata", Map.of("team", "payments")));
    return h.issue("ci");
  }

  @Test
  void mintSendsTheLeaseContextWithTheHardEnd() throws Exception {
    Lease lease = issue();

    MintOrder.LeaseContext c = h.broker.lastMint().order().context();
    assertEquals("entity-42", c.entityId());
    assertEquals("token-ci-runner", c.displayName());
    assertEquals(Instant.ofEpochSecond(((Number) lease.internal().get("hard_end")).longValue()), c.hardEnd());
  }

  @Test
  void revokeCarriesTheLeasesVaultContextFromItsInternalData() throws Exception {
    Lease lease = issue();

    assertEquals(null, h.revoke(lease));

    AuditContext a = h.broker.audits.get(0);
    assertEquals(AuditContext.Cause.LEASE, a.cause());
    assertEquals("dynatrace/", a.mount());
    assertEquals("ci", a.role());
    assertEquals("entity-42", a.entityId());
    assertEquals("token-ci-runner", a.displayName());
    assertEquals(lease.data().get("token_name"), a.tokenName());
    assertEquals(Map.of("team", "payments"), a.metadata());
    assertEquals(Instant.ofEpochSecond(((Number) lease.internal().get("hard_end")).longValue()), a.hardEnd());
    assertTrue(a.requestId().startsWith("req-"), a.requestId());
  }

  @Test
  void renewIsReportedToTheLeaseLog() throws Exception {
    Lease lease = issue();

    assertOk(h.renew(lease, Duration.ofMinutes(30)));

    assertEquals(List.of(lease.data().get("token_id")), h.broker.renewals);
    AuditContext a = h.broker.audits.get(0);
    assertEquals(AuditContext.Cause.RENEWAL, a.cause());
    assertEquals("entity-42", a.entityId());
    assertTrue(a.reason().contains("1800s"), a.reason());
  }

  @Test
  void renewSucceedsEvenWhenTheLeaseLogCannotBeTold() throws Exception {
    Lease lease = issue();
    h.broker.failNext(FakeTokenBroker.Call.RENEWED, UpstreamException.retryable("sidecar unreachable", null));

    assertOk(h.renew(lease, Duration.ofMinutes(30)));
    assertTrue(h.broker.renewals.isEmpty());
  }

  @Test
  void tidyAndRollbackSayWhyTheyDelete() throws Exception {
    h.configured();
    String prefix = TokenNames.mountPrefix(EngineHarness.MOUNT_UUID);
    h.broker.plant(prefix + "orphan");
    String lost = prefix + "lost";
    h.broker.plant(lost);
    WriteAheadLog.put(h.storage, WalMintJournal.KIND, Map.of(WalMintJournal.TOKEN_NAME, lost, "role", "ci"),
        h.clock.instant().minus(Duration.ofHours(1)));

    assertOk(h.write("tidy", Map.of()));
    assertOk(h.rollback(Map.of()));

    assertEquals(AuditContext.Cause.TIDY, h.broker.audits.get(0).cause());
    assertEquals(prefix + "orphan", h.broker.audits.get(0).tokenName());
    assertEquals(AuditContext.Cause.ROLLBACK, h.broker.audits.get(1).cause());
    assertEquals(lost, h.broker.audits.get(1).tokenName());
    assertEquals("ci", h.broker.audits.get(1).role());
  }
}
