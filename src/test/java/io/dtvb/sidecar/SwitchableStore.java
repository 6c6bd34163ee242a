package io.dtvb.sidecar;

import io.dtvb.leaselog.ForwardingLogStore;
import io.dtvb.leaselog.LogStore;
import io.dtvb.leaselog.LogStoreException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A log store whose appends can be made to fail (a full disk, a lost database) or to wait (a slow
 * fsync), for the recording rules.
 */
final class SwitchableStore extends ForwardingLogStore {
  volatile boolean failAppends;
  /** When set, each append announces itself on {@link #appendWaiting} and waits for this latch. */
  volatile CountDownLatch holdAppends;
  final Semaphore appendWaiting = new Semaphore(0);
  final AtomicInteger appended = new AtomicInteger();

  SwitchableStore(LogStore inner) {
    super(inner);
  }

  @Override
  public Head append(EntryBuilder builder) throws LogStoreException {
    CountDownLatch hold = holdAppends;
    if (hold != null) {
      appendWaiting.release();
      try {
        if (!hold.await(30, TimeUnit.SECONDS)) {
          throw new LogStoreException("simulated: the held append was never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LogStoreException("interrupted");
      }
    }
    if (failAppends) {
      throw new LogStoreException("simulated: the disk is full");
    }
    Head head = inner.append(builder);
    appended.incrementAndGet();
    return head;
  }
}
