package io.dtvb.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.leaselog.FileLogStore;
import io.dtvb.leaselog.LeaseLog;
import io.dtvb.leaselog.LogKey;
import io.dtvb.sidecar.LeaseRecorder.Fact;
import io.dtvb.sidecar.LeaseRecorder.Operation;
import io.dtvb.sidecar.LeaseRecorder.Outcome;
import io.dtvb.sidecarapi.LeaseContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appends are no longer serialized by the recorder, so what must still hold is checked here:
 * nothing is acknowledged before its entry is durable, and a retry pass appends a queued entry once.
 */
class LeaseRecorderDurabilityTest {
  private static final long WAIT_S = 10;

  @TempDir
  Path dir;
  private final Vertx vertx = Vertx.vertx();
  private SwitchableStore store;
  private LeaseLog log;
  private LeaseRecorder recorder;

  @BeforeEach
  void open() throws Exception {
    store = new SwitchableStore(FileLogStore.open(dir.resolve("log")));
    String origin = LeaseLog.origin("test");
    log = new LeaseLog(store, LogKey.loadOrCreate(dir.resolve("keys"), origin), origin);
    recorder = new LeaseRecorder(vertx, log, new SidecarMetrics());
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().await(WAIT_S, TimeUnit.SECONDS);
    store.close();
  }

  private static Fact fact(String tokenId) {
    return new Fact("conn-1", null, tokenId, "vault-abc-ci-" + tokenId, List.of("metrics.read"),
        LeaseContext.ofName("dynatrace/", "ci", "vault-abc-ci-" + tokenId), null, 0);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(WAIT_S, TimeUnit.SECONDS);
  }

  private void awaitAppendsWaiting(int n) throws InterruptedException {
    assertTrue(store.appendWaiting.tryAcquire(n, WAIT_S, TimeUnit.SECONDS), n + " append(s) reached the store");
  }

  @Test
  void aRecordIsAnsweredOnlyOnceItsEntryIsDurable() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    store.holdAppends = release;

    Future<Void> mint = recorder.record(Operation.MINT, Outcome.DONE, fact("dt0c01.A"));
    awaitAppendsWaiting(1);

    assertFalse(mint.isComplete(), "answered while the entry was still being written");
    store.holdAppends = null;
    release.countDown();
    await(mint);
    assertEquals(1, log.size());
  }

  @Test
  void aQueuedRecordIsAnsweredOnlyAfterItsAppendEnded() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    store.holdAppends = release;
    store.failAppends = true;

    Future<Void> revoke = recorder.recordOrQueue(Operation.REVOKE, Outcome.DONE, fact("dt0c01.B"));
    awaitAppendsWaiting(1);

    assertFalse(revoke.isComplete());
    store.holdAppends = null;
    release.countDown();
    await(revoke); // the revocation stands: its entry waits for the retry
    assertEquals(1, recorder.pendingCount());
  }

  @Test
  void overlappingRetryPassesAppendEachQueuedEntryOnce() throws Exception {
    store.failAppends = true;
    for (String id : List.of("dt0c01.C", "dt0c01.D", "dt0c01.E")) {
      await(recorder.recordOrQueue(Operation.REVOKE, Outcome.DONE, fact(id)));
    }
    assertEquals(3, recorder.pendingCount());
    store.failAppends = false;
    CountDownLatch release = new CountDownLatch(1);
    store.holdAppends = release;

    Future<Void> first = recorder.retryPending();
    awaitAppendsWaiting(1);
    Future<Void> second = recorder.retryPending(); // the next timer tick while the first pass is slow
    store.holdAppends = null;
    release.countDown();
    await(first);
    await(second);

    assertEquals(3, store.appended.get());
    assertEquals(3, log.size());
    assertEquals(0, recorder.pendingCount());
  }
}
