package io.dtvb.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.sidecarapi.MintedCredential;
import io.dtvb.vaultsdk.framework.CodedError;
import io.dtvb.vaultsdk.framework.StaticSystemView;
import io.dtvb.vaultsdk.framework.WriteAheadLog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Crash safety: a mint whose lease never reached Vault is found by name and deleted on rollback. */
class CredsWalTest {
  private EngineHarness h;

  @BeforeEach
  void setUp() throws Exception {
    h = new EngineHarness(new StaticSystemView(Duration.ofHours(1), Duration.ofHours(24), false, ""),
        WalMintJournal::new);
    h.configured().withRole("ci", Map.of("scopes", "metrics.read"));
  }

  @Test
  void successfulMintLeavesNoWriteAheadEntry() throws Exception {
    h.issue("ci");
    assertTrue(WriteAheadLog.list(h.storage).isEmpty());
  }

  @Test
  void theEntryIsRemovedAfterTheReplyAndTheInventoryEntryBeforeIt() throws Exception {
    h.crashAfterReply = true; // the plugin dies right after its reply
    EngineHarness.Lease lease = h.issue("ci");
    String tokenId = String.valueOf(lease.data().get("token_id"));
    assertEquals(1, WriteAheadLog.list(h.storage).size(), "the journal entry goes only after the reply");
    assertTrue(TokenInventory.get(h.storage, tokenId).isPresent(), "the inventory entry is written before it");
  }

  @Test
  void rollbackKeepsATokenWhoseLeaseWasAnsweredAndDropsOnlyTheEntry() throws Exception {
    h.crashAfterReply = true;
    EngineHarness.Lease lease = h.issue("ci");
    String tokenId = String.valueOf(lease.data().get("token_id"));
    h.crashAfterReply = false;
    int audits = h.broker.audits.size();

    h.clock.advance(Duration.ofMinutes(11));
    h.rollback(Map.of());

    assertTrue(WriteAheadLog.list(h.storage).isEmpty(), "the leftover entry is settled");
    assertTrue(h.broker.live.containsKey(tokenId), "the token under a lease stays alive");
    assertTrue(TokenInventory.get(h.storage, tokenId).isPresent());
    assertEquals(audits, h.broker.audits.size(), "nothing was revoked or rolled back upstream");
  }

  @Test
  void lostMintAnswerLeavesAnEntryNamingTheToken() throws Exception {
    h.broker.loseNextMintResponse = true;
    CodedError e = assertThrows(CodedError.class, () -> h.read("creds/ci"));
    assertEquals(503, e.status(), "a lost answer is retryable: no lease, try again later");
    List<WriteAheadLog.Entry> wal = WriteAheadLog.list(h.storage);
    assertEquals(1, wal.size());
    assertEquals(h.broker.lastMint().order().name(), wal.get(0).data().get(WalMintJournal.TOKEN_NAME));
  }

  @Test
  void rollbackDeletesTheOrphanAndTheEntryOnceOldEnough() throws Exception {
    h.broker.loseNextMintResponse = true;
    assertThrows(CodedError.class, () -> h.read("creds/ci"));
    assertEquals(1, h.broker.live.size());
    h.rollback(Map.of());
    assertEquals(1, h.broker.live.size(), "younger than the minimum age: left alone");
    h.clock.advance(Duration.ofMinutes(11));
    h.rollback(Map.of());
    assertTrue(h.broker.live.isEmpty(), "the orphaned token was deleted upstream");
    assertTrue(WriteAheadLog.list(h.storage).isEmpty());
  }

  @Test
  void rollbackKeepsTheEntryWhileTheSidecarIsDown() throws Exception {
    h.broker.loseNextMintResponse = true;
    assertThrows(CodedError.class, () -> h.read("creds/ci"));
    h.broker.failNext(FakeSidecar.Call.REVOKE, UpstreamException.retryable("sidecar down", null));
    h.rollback(Map.of("immediate", true));
    assertEquals(1, WriteAheadLog.list(h.storage).size());
    h.rollback(Map.of("immediate", true));
    assertTrue(WriteAheadLog.list(h.storage).isEmpty());
    assertTrue(h.broker.live.isEmpty());
  }

  @Test
  void rollbackKeepsAYoungEntryWhoseTokenIsNotListedYet() throws Exception {
    h.broker.loseNextMintResponse = true;
    assertThrows(CodedError.class, () -> h.read("creds/ci"));
    Map<String, MintedCredential> held = Map.copyOf(h.broker.live);
    h.broker.live.clear(); // the create is still under way at Dynatrace: nothing by that name yet

    h.rollback(Map.of("immediate", true));
    assertEquals(1, WriteAheadLog.list(h.storage).size(), "kept: its create may still be in flight");

    h.broker.live.putAll(held); // the create completes
    h.rollback(Map.of("immediate", true));
    assertTrue(h.broker.live.isEmpty(), "the token that arrived later is deleted by the next rollback");
    assertTrue(WriteAheadLog.list(h.storage).isEmpty());
  }

  @Test
  void rollbackSettlesAnEntryWhoseTokenNeverAppeared() throws Exception {
    h.broker.loseNextMintResponse = true;
    assertThrows(CodedError.class, () -> h.read("creds/ci"));
    h.broker.live.clear(); // Dynatrace never made the token

    h.clock.advance(DynatraceBackend.MINT_IN_FLIGHT.plusSeconds(1));
    h.rollback(Map.of("immediate", true));
    assertTrue(WriteAheadLog.list(h.storage).isEmpty(), "nothing can arrive any more: nothing left to undo");
  }

  @Test
  void rollbackRecordsTheLeaseContextTheMintWasFor() throws Exception {
    h.broker.loseNextMintResponse = true;
    assertThrows(CodedError.class, () -> h.read("creds/ci"));

    h.rollback(Map.of("immediate", true));

    FakeSidecar.Action rollback = h.broker.audits.get(h.broker.audits.size() - 1);
    assertEquals("revoke_by_name", rollback.operation());
    assertEquals("ci", rollback.lease().role());
    assertEquals("entity-42", rollback.lease().entityId());
    assertEquals(h.broker.lastMint().request().lease().hardEnd(), rollback.lease().hardEnd());
  }
}
