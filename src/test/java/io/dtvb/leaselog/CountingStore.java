package io.dtvb.leaselog;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Wraps a store and counts its flushes (each {@link #appendAll} is one write + fsync, or one
 * transaction) and their sizes. A test can hold the next flush until a condition holds (callers
 * lined up behind it), and make one flush fail as a full disk would.
 */
final class CountingStore extends ForwardingLogStore {
  private final List<Integer> flushes = new ArrayList<>();
  private volatile BooleanSupplier holdUntil;
  private volatile int failFlush = -1;

  CountingStore(LogStore inner) {
    super(inner);
  }

  /** The next flush waits until {@code condition} is true. */
  void holdNextFlushUntil(BooleanSupplier condition) {
    holdUntil = condition;
  }

  /** Flush number {@code n} (0-based) fails without appending anything. */
  void failFlush(int n) {
    failFlush = n;
  }

  synchronized List<Integer> flushes() {
    return new ArrayList<>(flushes);
  }

  @Override
  public List<Outcome> appendAll(List<EntryBuilder> builders) throws LogStoreException {
    BooleanSupplier hold = holdUntil;
    if (hold != null) {
      holdUntil = null;
      long deadline = System.nanoTime() + 60_000_000_000L; // a hang guard, not a timing assertion
      while (!hold.getAsBoolean()) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the callers never lined up");
        }
        Thread.yield();
      }
    }
    int n;
    synchronized (this) {
      n = flushes.size();
      flushes.add(builders.size());
    }
    if (n == failFlush) {
      throw new LogStoreException("simulated: the disk is full");
    }
    return inner.appendAll(builders);
  }

  @Override
  public Head append(EntryBuilder builder) throws LogStoreException {
    return appendAll(List.of(builder)).get(0).get();
  }
}
