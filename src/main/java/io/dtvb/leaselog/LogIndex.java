package io.dtvb.leaselog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the log itself says about tokens and connections, built from its entries: which connection
 * minted each token and whether it has been revoked since, and which entries belong to each
 * connection. {@link #catchUp} reads whatever the store gained since the last call (entries this
 * process appended and, with a shared PostgreSQL log, those of other replicas), so the answer is
 * always the log's current truth.
 */
final class LogIndex {
  /** What the log knows of one token. */
  record TokenState(String connection, boolean revoked) {}

  private final Map<String, TokenState> tokens = new HashMap<>();
  private final Map<String, List<Long>> byConnection = new HashMap<>();
  private long indexed;

  /** Indexes the store's entries from where the last call stopped up to its head. */
  synchronized void catchUp(LogStore store) throws LogStoreException {
    long size = store.head().size();
    while (indexed < size) {
      long to = Math.min(size, indexed + 1024);
      long i = indexed;
      for (byte[] raw : store.entries(indexed, to)) {
        LeaseEvent e;
        try {
          e = LogEntry.decode(raw).event();
        } catch (LogFormatException ex) {
          throw new LogStoreException("stored entry " + i + " is corrupt: " + ex.getMessage(), ex);
        }
        add(i, e);
        i++;
      }
      indexed = to;
    }
  }

  private void add(long index, LeaseEvent e) {
    if (e.connection() != null) {
      byConnection.computeIfAbsent(e.connection(), k -> new ArrayList<>()).add(index);
    }
    if (e.tokenId() == null) {
      return;
    }
    switch (e.type()) {
      case MINTED -> tokens.put(e.tokenId(), new TokenState(e.connection(), false));
      case REVOKED, ALREADY_GONE, SWEPT, ROLLED_BACK, ROTATED_ROOT -> {
        TokenState t = tokens.get(e.tokenId());
        if (t != null && java.util.Objects.equals(t.connection(), e.connection())) {
          tokens.put(e.tokenId(), new TokenState(t.connection(), true));
        }
      }
      default -> { }
    }
  }

  synchronized TokenState token(String tokenId) {
    return tokens.get(tokenId);
  }

  synchronized List<Long> entriesOf(String connection, long below) {
    List<Long> all = byConnection.getOrDefault(connection, List.of());
    List<Long> out = new ArrayList<>();
    for (Long l : all) {
      if (l < below) {
        out.add(l);
      }
    }
    return out;
  }
}
