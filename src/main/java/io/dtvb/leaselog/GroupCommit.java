package io.dtvb.leaselog;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets concurrent appends share one durable write (leader/follower group commit). Each caller
 * queues its entry and blocks until that entry is durable. Whoever finds no flush running becomes
 * the leader: it takes up to {@code maxBatch} queued entries (its own among them unless the queue
 * was longer), hands them to {@link LogStore#appendAll} (one write + fsync, or one transaction) and
 * wakes everyone; a caller whose entry was not in that batch may lead the next one. So a caller
 * arriving while a flush runs waits for it and shares the next one, and under load each flush
 * covers everyone who arrived during the previous one. A failed flush fails every caller of its
 * batch (the store appended none of them); a builder the store refuses fails only its caller.
 */
final class GroupCommit {
  /** The most entries one flush writes (bounds the write and each caller's wait). */
  static final int MAX_BATCH = 512;

  private final LogStore store;
  private final int maxBatch;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition flushed = lock.newCondition();
  private final ArrayDeque<Request> queue = new ArrayDeque<>();
  private boolean flushing;

  /** One caller's entry and, once flushed, what became of it. */
  private static final class Request {
    final LogStore.EntryBuilder builder;
    LogStore.Outcome outcome;
    Throwable failure;
    boolean done;

    Request(LogStore.EntryBuilder builder) {
      this.builder = builder;
    }
  }

  GroupCommit(LogStore store, int maxBatch) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("batch bound " + maxBatch);
    }
    this.store = store;
    this.maxBatch = maxBatch;
  }

  /**
   * Appends the entries durably and in order, sharing writes with concurrent callers; answers each
   * builder's outcome. The entries of one flush are next to each other in the log; more than
   * {@code maxBatch} take several flushes, and if a later one fails the earlier ones stay appended.
   */
  List<LogStore.Outcome> appendAll(List<LogStore.EntryBuilder> builders) throws LogStoreException {
    List<Request> mine = new ArrayList<>(builders.size());
    builders.forEach(b -> mine.add(new Request(b)));
    if (mine.isEmpty()) {
      return List.of();
    }
    Request last = mine.get(mine.size() - 1);
    lock.lock();
    try {
      queue.addAll(mine); // at once, so no other caller's entry lands between them
      while (!last.done) { // batches flush in queue order: the last one done means all are
        if (flushing) {
          // uninterruptible: the entries may already be on their way to disk, and the caller must
          // learn whether they were recorded, not abandon the wait halfway
          flushed.awaitUninterruptibly();
        } else {
          lead();
        }
      }
    } finally {
      lock.unlock();
    }
    List<LogStore.Outcome> out = new ArrayList<>(mine.size());
    for (Request r : mine) {
      if (r.failure != null) {
        rethrow(r.failure);
      }
      out.add(r.outcome);
    }
    return out;
  }

  private static void rethrow(Throwable t) throws LogStoreException {
    if (t instanceof LogStoreException e) {
      throw e;
    }
    if (t instanceof RuntimeException e) {
      throw e;
    }
    throw (Error) t;
  }

  /** How many entries wait for a flush (for tests that line callers up). */
  int queued() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  /** Called with the lock held and no flush running: flushes one batch with the lock released. */
  private void lead() {
    List<Request> batch = new ArrayList<>(Math.min(queue.size(), maxBatch));
    while (!queue.isEmpty() && batch.size() < maxBatch) {
      batch.add(queue.pollFirst());
    }
    flushing = true;
    lock.unlock();
    try {
      flush(batch);
    } finally {
      lock.lock();
      for (Request r : batch) {
        r.done = true;
      }
      flushing = false;
      flushed.signalAll();
    }
  }

  private void flush(List<Request> batch) {
    List<LogStore.EntryBuilder> builders = new ArrayList<>(batch.size());
    batch.forEach(r -> builders.add(r.builder));
    try {
      List<LogStore.Outcome> outcomes = store.appendAll(builders);
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).outcome = outcomes.get(i);
      }
    } catch (LogStoreException | RuntimeException | Error e) {
      batch.forEach(r -> r.failure = e);
    }
  }
}
