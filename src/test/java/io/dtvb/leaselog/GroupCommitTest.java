package io.dtvb.leaselog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrent appends share flushes (callers lined up behind a running flush all go into the next
 * one), every acknowledged entry is durable and in its place, a failed flush fails exactly the
 * callers of its batch, a refused entry fails only its caller, and batches stay bounded.
 */
class GroupCommitTest {
  @TempDir Path dir;

  @Test
  void callersArrivingDuringAFlushShareTheNextOne() throws Exception {
    int n = 16;
    try (CountingStore store = new CountingStore(FileLogStore.open(dir))) {
      GroupCommit commits = new GroupCommit(store, GroupCommit.MAX_BATCH);
      store.holdNextFlushUntil(() -> commits.queued() == n - 1); // the first leader waits for the others
      List<Long> sizes = collect(run(n, i -> commits.appendAll(List.of(FileLogStoreTest::entry)).get(0).get().size()));
      assertEquals(List.of(1, n - 1), store.flushes(), "one flush for the first caller, one for all the others");
      assertEquals(range(1, n), new TreeSet<>(sizes), "every caller got its own index");
    }
    try (FileLogStore reopened = FileLogStore.open(dir)) {
      assertEquals(n, FileLogStoreTest.checkIntegrity(reopened), "every acknowledged entry is durable");
    }
  }

  @Test
  void aFailedFlushFailsEveryCallerOfItsBatchAndNoOneElse() throws Exception {
    int n = 8;
    try (CountingStore store = new CountingStore(FileLogStore.open(dir))) {
      GroupCommit commits = new GroupCommit(store, GroupCommit.MAX_BATCH);
      store.holdNextFlushUntil(() -> commits.queued() == n - 1);
      store.failFlush(1);
      List<Future<Long>> calls = run(n, i -> commits.appendAll(List.of(FileLogStoreTest::entry)).get(0).get().size());
      int failed = 0;
      for (Future<Long> f : calls) {
        try {
          assertEquals(1L, f.get(), "only the first flush succeeded");
        } catch (ExecutionException e) {
          assertInstanceOf(LogStoreException.class, e.getCause());
          failed++;
        }
      }
      assertEquals(n - 1, failed);
      assertEquals(2L, commits.appendAll(List.of(FileLogStoreTest::entry)).get(0).get().size(),
          "the next append takes the next index: nothing of the failed batch was appended");
      assertEquals(2, FileLogStoreTest.checkIntegrity(store));
    }
  }

  @Test
  void aRefusedEntryFailsOnlyItsCaller() throws Exception {
    try (FileLogStore store = FileLogStore.open(dir)) {
      GroupCommit commits = new GroupCommit(store, GroupCommit.MAX_BATCH);
      List<LogStore.Outcome> outcomes = commits.appendAll(List.of(FileLogStoreTest::entry, (i, root) -> {
        throw new IllegalStateException("this one cannot be built");
      }, (i, root) -> new byte[0], FileLogStoreTest::entry));
      assertEquals(1, outcomes.get(0).head().size());
      assertInstanceOf(IllegalStateException.class, outcomes.get(1).refused());
      assertInstanceOf(LogStoreException.class, outcomes.get(2).refused());
      assertEquals(2, outcomes.get(3).head().size(), "the entry after the refused ones takes the next index");
      assertEquals(2, FileLogStoreTest.checkIntegrity(store));
    }
  }

  @Test
  void batchesNeverExceedTheirBound() throws Exception {
    int n = 10;
    try (CountingStore store = new CountingStore(FileLogStore.open(dir))) {
      GroupCommit commits = new GroupCommit(store, 3);
      store.holdNextFlushUntil(() -> commits.queued() == n - 1);
      collect(run(n, i -> commits.appendAll(List.of(FileLogStoreTest::entry)).get(0).get().size()));
      assertEquals(List.of(1, 3, 3, 3), store.flushes());
      assertEquals(n, FileLogStoreTest.checkIntegrity(store));
    }
  }

  @Test
  void concurrentLeaseLogAppendsGetDenseIndicesAndTheExportVerifies() throws Exception {
    LogKey key = LogKey.generate(LeaseLog.origin("group"));
    try (FileLogStore store = FileLogStore.open(dir)) {
      LeaseLog log = new LeaseLog(store, key, key.name());
      List<Long> indices = new ArrayList<>();
      for (List<Long> perThread : collect(run(8, t -> {
        List<Long> mine = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
          mine.add(log.append(Events.sample(t * 40 + i)));
        }
        return mine;
      }))) {
        indices.addAll(perThread);
      }
      assertEquals(range(0, 319), new TreeSet<>(indices));
      for (long i = 0; i < 320; i++) {
        assertEquals(i, log.entries(i, i + 1).get(0).index());
      }
      ByteArrayOutputStream export = new ByteArrayOutputStream();
      log.export(export);
      assertInstanceOf(LogVerifier.Ok.class,
          new LogVerifier(key.verifier()).verify(new ByteArrayInputStream(export.toByteArray())));
    }
  }

  /** Runs {@code n} callers at once, caller {@code i} computing {@code call(i)}. */
  static <T> List<Future<T>> run(int n, IndexedCall<T> call) {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<T>> out = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int caller = i;
        out.add(pool.submit((Callable<T>) () -> call.call(caller)));
      }
      return out;
    } finally {
      pool.shutdown();
    }
  }

  static <T> List<T> collect(List<Future<T>> futures) throws Exception {
    List<T> out = new ArrayList<>();
    for (Future<T> f : futures) {
      out.add(f.get());
    }
    return out;
  }

  static Set<Long> range(long from, long to) {
    Set<Long> out = new TreeSet<>();
    for (long i = from; i <= to; i++) {
      out.add(i);
    }
    return out;
  }

  @FunctionalInterface
  interface IndexedCall<T> {
    T call(int caller) throws Exception;
  }
}
