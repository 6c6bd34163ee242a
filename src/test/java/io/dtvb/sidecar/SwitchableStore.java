package io.dtvb.sidecar;

import io.dtvb.leaselog.LogStore;
import io.dtvb.leaselog.LogStoreException;
import java.util.List;

/** A log store whose appends can be made to fail (a full disk, a lost database), for the recording rules. */
final class SwitchableStore implements LogStore {
  private final LogStore inner;
  volatile boolean failAppends;

  SwitchableStore(LogStore inner) {
    this.inner = inner;
  }

  @Override
  public Head append(EntryBuilder builder) throws LogStoreException {
    if (failAppends) {
      throw new LogStoreException("simulated: the disk is full");
    }
    return inner.append(builder);
  }

  @Override
  public Head head() throws LogStoreException {
    return inner.head();
  }

  @Override
  public List<byte[]> entries(long from, long to) throws LogStoreException {
    return inner.entries(from, to);
  }

  @Override
  public List<byte[]> leafHashes(long from, long to) throws LogStoreException {
    return inner.leafHashes(from, to);
  }

  @Override
  public void close() {
    inner.close();
  }
}
