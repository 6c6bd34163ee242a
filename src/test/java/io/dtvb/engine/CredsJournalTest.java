package io.dtvb.engine;

import io.dtvb.sidecarapi.MintRequest;
import static io.dtvb.engine.EngineHarness.errorOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.vaultsdk.framework.CodedError;
import io.dtvb.vaultsdk.framework.StaticSystemView;
import io.dtvb.vaultsdk.framework.Storage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** The mint runs inside the journal bracket that the write-ahead log will fill. */
class CredsJournalTest {
  private static final StaticSystemView MOUNT =
      new StaticSystemView(Duration.ofMinutes(30), Duration.ofHours(8), false, "");

  @Test
  void credsJournalsTheMintBeforeCallingDynatraceAndSettlesAfter() throws Exception {
    RecordingJournal journal = new RecordingJournal();
    EngineHarness jh = journaled(journal);

    jh.issue("ci");

    assertEquals(List.of("begin " + jh.broker.lastMint().order().name() + " mints=0", "settle mints=1"),
        journal.events);
    assertTrue(journal.open.isEmpty());
  }

  @Test
  void credsKeepsTheJournalEntryWhenTheMintOutcomeIsUnknown() throws Exception {
    RecordingJournal journal = new RecordingJournal();
    EngineHarness jh = journaled(journal);
    jh.broker.failNext(FakeSidecar.Call.MINT, UpstreamException.retryable("read timed out", null));

    assertThrows(CodedError.class, () -> jh.read("creds/ci"));

    assertEquals(1, journal.open.size());
  }

  @Test
  void credsSettlesTheJournalEntryWhenDynatraceRefusedTheMint() throws Exception {
    RecordingJournal journal = new RecordingJournal();
    EngineHarness jh = journaled(journal);
    jh.broker.failNext(FakeSidecar.Call.MINT, UpstreamException.rejected(403, "missing scope"));

    errorOf(jh.read("creds/ci"));

    assertTrue(journal.open.isEmpty());
  }

  @Test
  void credsIssuesNothingWhenTheJournalCannotBeWritten() throws Exception {
    MintJournal broken = new MintJournal() {
      @Override
      public CompletionStage<String> begin(Storage storage, MintRequest order, LeaseData lease) {
        throw new IllegalStateException("storage is read-only");
      }

      @Override
      public void settle(Storage storage, String entryId) {}
    };
    EngineHarness jh = new EngineHarness(MOUNT, broken).configured();
    jh.withRole("ci", Map.of("scopes", "metrics.read"));

    assertThrows(IllegalStateException.class, () -> jh.read("creds/ci"));
    assertTrue(jh.broker.mints.isEmpty());
  }

  @Test
  void theMintStartsOnlyOnceTheJournalEntryIsStored() throws Exception {
    // The entry is stored on another thread, once the request thread waits (as Vault's answer
    // arrives on an event loop): the sidecar must not have been called before that.
    CompletableFuture<String> stored = new CompletableFuture<>();
    List<Integer> mintsBeforeStored = new ArrayList<>();
    EngineHarness[] jh = new EngineHarness[1];
    MintJournal deferred = new MintJournal() {
      @Override
      public CompletionStage<String> begin(Storage storage, MintRequest order, LeaseData lease) {
        Thread caller = Thread.currentThread();
        Thread writer = new Thread(() -> {
          waitUntilWaiting(caller);
          mintsBeforeStored.add(jh[0].broker.mints.size());
          stored.complete("wal-late");
        });
        writer.start();
        return stored;
      }

      @Override
      public void settle(Storage storage, String entryId) {}
    };
    jh[0] = new EngineHarness(MOUNT, deferred).configured().withRole("ci", Map.of("scopes", "metrics.read"));

    jh[0].issue("ci");

    assertEquals(List.of(0), mintsBeforeStored);
    assertEquals(1, jh[0].broker.mints.size());
  }

  @Test
  void credsIssuesNothingWhenTheJournalWriteFailsLater() throws Exception {
    MintJournal failing = new MintJournal() {
      @Override
      public CompletionStage<String> begin(Storage storage, MintRequest order, LeaseData lease) {
        return CompletableFuture.failedFuture(new IllegalStateException("storage put wal/x: sealed"));
      }

      @Override
      public void settle(Storage storage, String entryId) {}
    };
    EngineHarness jh = new EngineHarness(MOUNT, failing).configured();
    jh.withRole("ci", Map.of("scopes", "metrics.read"));

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> jh.read("creds/ci"));
    assertTrue(e.getMessage().contains("sealed"), e.getMessage());
    assertTrue(jh.broker.mints.isEmpty());
  }

  /** Until the request thread waits for the chain (bounded): by then an early mint would have shown. */
  private static void waitUntilWaiting(Thread caller) {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (caller.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }

  /** Records journal calls in order, with how many mints the broker had seen at each call. */
  private static final class RecordingJournal implements MintJournal {
    final List<String> events = new ArrayList<>();
    final Set<String> open = new HashSet<>();
    FakeSidecar broker;
    private int next;

    @Override
    public CompletionStage<String> begin(Storage storage, MintRequest order, LeaseData lease) {
      events.add("begin " + order.name() + " mints=" + broker.mints.size());
      String id = "wal-" + (++next);
      open.add(id);
      return CompletableFuture.completedFuture(id);
    }

    @Override
    public void settle(Storage storage, String entryId) {
      events.add("settle mints=" + broker.mints.size());
      open.remove(entryId);
    }
  }

  private static EngineHarness journaled(RecordingJournal journal) throws Exception {
    EngineHarness jh = new EngineHarness(MOUNT, journal);
    journal.broker = jh.broker;
    return jh.configured().withRole("ci", Map.of("scopes", "metrics.read"));
  }
}
