package io.dtvb.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.vaultsdk.framework.DeadlineExceeded;
import io.dtvb.vaultsdk.framework.StaticSystemView;
import io.dtvb.vaultsdk.framework.WriteAheadLog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * No mint outlives its request: a request already past Vault's deadline makes no upstream call,
 * and a token whose answer arrives after the deadline is deleted again, with no lease and no
 * inventory entry; its journal entry stays until that delete succeeded.
 */
class MintDeadlineTest {
  private final EngineHarness h = new EngineHarness(
      new StaticSystemView(Duration.ofHours(1), Duration.ofHours(24), false, ""), WalMintJournal::new);

  @Test
  void aRequestAlreadyPastItsDeadlineMakesNoUpstreamCall() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read"));
    int pushes = h.broker.pushes.size();
    h.deadline = h.clock.instant().minusMillis(1);

    DeadlineExceeded e = assertThrows(DeadlineExceeded.class, () -> h.read("creds/ci"));

    assertEquals(503, e.status());
    assertTrue(h.broker.mints.isEmpty());
    assertEquals(pushes, h.broker.pushes.size());
    assertTrue(WriteAheadLog.list(h.storage).isEmpty());
  }

  @Test
  void aMintAnsweredAfterTheDeadlineIsDeletedAndIssuesNoLease() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read"));
    h.deadline = h.clock.instant().plusSeconds(90);
    h.broker.duringMint = () -> h.clock.advance(Duration.ofSeconds(91));

    DeadlineExceeded e = assertThrows(DeadlineExceeded.class, () -> h.read("creds/ci"));

    assertTrue(e.getMessage().contains("after the request's deadline"), e.getMessage());
    assertEquals(1, h.broker.mints.size());
    assertTrue(h.broker.live.isEmpty(), "the late token was deleted");
    assertEquals(List.of("revoke_by_name"), h.broker.audits.stream().map(FakeSidecar.Action::operation).toList(),
        "rolled back by name (the log says rolled_back), never revoked as if it had a lease");
    assertTrue(TokenInventory.all(h.storage).isEmpty(), "no inventory entry, no lease");
    assertTrue(WriteAheadLog.list(h.storage).isEmpty(), "journal settled once the delete succeeded");
  }

  @Test
  void aLateTokenThatCannotBeDeletedYetKeepsItsJournalEntryForRollback() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read"));
    h.deadline = h.clock.instant().plusSeconds(90);
    h.broker.duringMint = () -> h.clock.advance(Duration.ofSeconds(91));
    h.broker.failNext(FakeSidecar.Call.REVOKE, UpstreamException.retryable("sidecar down", null));

    assertThrows(DeadlineExceeded.class, () -> h.read("creds/ci"));

    assertEquals(1, h.broker.live.size(), "still there after the failed delete");
    assertEquals(1, WriteAheadLog.list(h.storage).size(), "the journal entry stays");
    assertTrue(TokenInventory.all(h.storage).isEmpty());
    h.deadline = null;
    h.broker.duringMint = () -> { };
    h.rollback(Map.of("immediate", true));
    assertTrue(h.broker.live.isEmpty(), "rollback deleted it by name");
    assertTrue(WriteAheadLog.list(h.storage).isEmpty());
  }

  @Test
  void aMintWithinItsDeadlineIsIssued() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read"));
    h.deadline = h.clock.instant().plusSeconds(90);
    h.broker.duringMint = () -> h.clock.advance(Duration.ofSeconds(10));

    EngineHarness.Lease lease = h.issue("ci");

    assertTrue(h.broker.live.containsKey((String) lease.data().get("token_id")));
    assertEquals(1, TokenInventory.all(h.storage).size());
  }
}
