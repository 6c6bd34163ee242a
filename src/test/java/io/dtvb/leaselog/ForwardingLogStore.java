package io.dtvb.leaselog;

import java.util.List;
import java.util.Map;

/**
 * A store that hands every call to another one: the base of the tests' wrappers, which override
 * only what they change. {@link #appendAll} is not forwarded: the interface's default appends one
 * by one through {@link #append}, so a wrapper that changes {@code append} sees batches too.
 */
public abstract class ForwardingLogStore implements LogStore {
  protected final LogStore inner;

  protected ForwardingLogStore(LogStore inner) {
    this.inner = inner;
  }

  @Override
  public Head append(EntryBuilder builder) throws LogStoreException {
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
  public byte[][] nodes(long[] positions) throws LogStoreException {
    return inner.nodes(positions);
  }

  @Override
  public void keepNodes(Map<Long, byte[]> computed) throws LogStoreException {
    inner.keepNodes(computed);
  }

  @Override
  public void close() {
    inner.close();
  }
}
