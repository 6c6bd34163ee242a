package io.dtvb.leaselog;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lease log as the sidecar uses it: append events, sign checkpoints, give proofs and exports.
 *
 * <p>Export format ({@code dvb-lease-log-export/1}), UTF-8 JSON lines: first a header
 * {@code {"format":"dvb-lease-log-export/1","origin":"<origin>","size":N}}, then the N entries in
 * their canonical form ({@link LogEntry}), one per line in index order, then a last line
 * {@code {"checkpoint":"<signed note text>"}} whose checkpoint covers exactly those N entries.
 */
public final class LeaseLog {
  /** The export format name written in the header line. */
  public static final String EXPORT_FORMAT = "dvb-lease-log-export/1";
  /**
   * The format of one connection's view of the log: the export format, except that every entry of
   * another connection is replaced by the line {@code {"leaf_hash":"<hex>"}} (its RFC 6962 leaf
   * hash), so the view still verifies against the signed checkpoint without showing those entries.
   * The header adds {@code "connection":"<id>"}.
   */
  public static final String VIEW_FORMAT = "dvb-lease-log-view/1";
  private static final int BATCH = 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LogStore store;
  private final LogKey key;
  private final String origin;
  private final LogIndex index = new LogIndex();
  private final GroupCommit commits;
  private final TreeReader tree;

  /** A log over {@code store}, signing checkpoints for {@code origin} with {@code key}. */
  public LeaseLog(LogStore store, LogKey key, String origin) {
    this.store = store;
    this.commits = new GroupCommit(store, GroupCommit.MAX_BATCH);
    this.tree = new TreeReader(store);
    this.key = key;
    this.origin = new Checkpoint(origin, 0, MerkleHashes.emptyRoot()).origin();
  }

  /** The conventional origin of a log: {@code dynatrace-vault-bridge/lease-log/<logId>}. */
  public static String origin(String logId) {
    return "dynatrace-vault-bridge/lease-log/" + logId;
  }

  public String origin() {
    return origin;
  }

  /** The verifier key auditors need. */
  public VerifierKey verifierKey() {
    return key.verifier();
  }

  /** What the log says of a token, as seen by one connection. */
  public enum TokenStatus {
    /** Minted by this connection and not revoked since. */
    LIVE,
    /** Minted by this connection, then revoked (or found gone, swept, rolled back, retired). */
    REVOKED,
    /** Minted by another connection. */
    OTHER_CONNECTION,
    /** The log has no mint of it. */
    UNKNOWN
  }

  /** Builds the token index from the entries now (the sidecar does it at start, so the first renewal is fast). */
  public void buildIndex() throws LogStoreException {
    index.catchUp(store);
  }

  /** What the log's entries (all of them, including other replicas' appends) say of the token. */
  public TokenStatus tokenStatus(String connection, String tokenId) throws LogStoreException {
    index.catchUp(store);
    LogIndex.TokenState t = index.token(tokenId);
    if (t == null) {
      return TokenStatus.UNKNOWN;
    }
    if (!java.util.Objects.equals(t.connection(), connection)) {
      return TokenStatus.OTHER_CONNECTION;
    }
    return t.revoked() ? TokenStatus.REVOKED : TokenStatus.LIVE;
  }

  /** The indices of the connection's entries among the first {@code size} entries. */
  public List<Long> indicesOf(String connection, long size) throws LogStoreException {
    index.catchUp(store);
    return index.entriesOf(connection, size);
  }

  /**
   * Writes one connection's view of the current head ({@link #VIEW_FORMAT}): its own entries in
   * full, every other entry as its leaf hash, then the signed checkpoint.
   */
  public SignedCheckpoint exportView(String connection, OutputStream out) throws IOException, LogStoreException {
    SignedCheckpoint cp = checkpoint();
    long size = cp.checkpoint().size();
    java.util.Set<Long> own = new java.util.HashSet<>(indicesOf(connection, size));
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("format", VIEW_FORMAT);
    header.put("origin", origin);
    header.put("size", size);
    header.put("connection", connection);
    out.write(json(header));
    out.write('\n');
    for (long from = 0; from < size; from += BATCH) {
      long i = from;
      for (byte[] entry : store.entries(from, Math.min(size, from + BATCH))) {
        out.write(own.contains(i) ? entry
            : json(Map.of("leaf_hash", java.util.HexFormat.of().formatHex(MerkleHashes.leaf(entry)))));
        out.write('\n');
        i++;
      }
    }
    out.write(json(Map.of("checkpoint", cp.note())));
    out.write('\n');
    out.flush();
    return cp;
  }

  /**
   * Appends the event durably and answers its index. Safe to call from many threads at once, and
   * worth it: callers that arrive while an append is being made durable share the next write and
   * fsync ({@link GroupCommit}), so throughput grows with the number of concurrent callers.
   */
  public long append(LeaseEvent event) throws LogStoreException {
    return appendAll(List.of(event)).get(0);
  }

  /**
   * Appends the events durably and in order (as few flushes as the batch bound allows) and answers
   * their indices. If any cannot be appended the call throws the first failure; the others may
   * have been appended.
   */
  public List<Long> appendAll(List<LeaseEvent> events) throws LogStoreException {
    List<LogStore.EntryBuilder> builders = new ArrayList<>(events.size());
    for (LeaseEvent e : events) {
      builders.add((i, prevRoot) -> new LogEntry(i, prevRoot, e).encode());
    }
    List<Long> out = new ArrayList<>(events.size());
    for (LogStore.Outcome o : commits.appendAll(builders)) {
      out.add(o.get().size() - 1);
    }
    return out;
  }

  /** How many entries the log holds (no signing; use {@link #checkpoint()} for a signed head). */
  public long size() throws LogStoreException {
    return store.head().size();
  }

  /** A signed checkpoint of the current head. */
  public SignedCheckpoint checkpoint() throws LogStoreException {
    LogStore.Head head = store.head();
    Checkpoint c = new Checkpoint(origin, head.size(), head.root());
    return new SignedCheckpoint(c, c.sign(key));
  }

  /** Entries {@code [from, to)}, decoded. */
  public List<LogEntry> entries(long from, long to) throws LogStoreException {
    List<LogEntry> out = new ArrayList<>();
    long i = from;
    for (byte[] raw : store.entries(from, to)) {
      try {
        out.add(LogEntry.decode(raw));
      } catch (LogFormatException e) {
        throw new LogStoreException("stored entry " + i + " is corrupt: " + e.getMessage(), e);
      }
      i++;
    }
    return out;
  }

  /**
   * The inclusion proof of entry {@code index} in the tree of the first {@code treeSize} entries,
   * from the store's subtree hashes (O(log n) of them, {@link TreeReader}).
   */
  public List<byte[]> inclusionProof(long index, long treeSize) throws LogStoreException {
    checkTreeSize(treeSize);
    return tree.roots(MerkleProofs.inclusionSpans(index, treeSize));
  }

  /** The consistency proof between the trees of the first {@code oldSize} and {@code newSize} entries. */
  public List<byte[]> consistencyProof(long oldSize, long newSize) throws LogStoreException {
    if (oldSize < 0 || oldSize > newSize) {
      throw new IllegalArgumentException("old size " + oldSize + " > new size " + newSize);
    }
    checkTreeSize(newSize);
    return tree.roots(MerkleProofs.consistencySpans(oldSize, newSize));
  }

  /** Writes the export of the current head (see the class comment); entries appended meanwhile are left out. */
  public SignedCheckpoint export(OutputStream out) throws IOException, LogStoreException {
    SignedCheckpoint cp = checkpoint();
    long size = cp.checkpoint().size();
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("format", EXPORT_FORMAT);
    header.put("origin", origin);
    header.put("size", size);
    out.write(json(header));
    out.write('\n');
    for (long from = 0; from < size; from += BATCH) {
      for (byte[] entry : store.entries(from, Math.min(size, from + BATCH))) {
        out.write(entry);
        out.write('\n');
      }
    }
    out.write(json(Map.of("checkpoint", cp.note())));
    out.write('\n');
    out.flush();
    return cp;
  }

  private void checkTreeSize(long treeSize) throws LogStoreException {
    long size = store.head().size();
    if (treeSize < 0 || treeSize > size) {
      throw new IllegalArgumentException("tree size " + treeSize + " is beyond the log's " + size);
    }
  }

  private static byte[] json(Map<String, Object> fields) throws IOException {
    return JSON.writeValueAsBytes(fields);
  }
}
