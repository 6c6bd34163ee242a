package io.dtvb.leaselog;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The PostgreSQL store's table of tree nodes, {@code dvb_lease_log_nodes (pos BIGINT PRIMARY KEY,
 * hash BYTEA)} keyed by {@link TreeLayout} position. An append inserts the nodes its entries
 * complete in the same transaction as the entries and the head, so the table is as current as the
 * head; entries appended by a replica of an older version have none, which {@link TreeReader}
 * then computes from the leaves and offers back ({@link LogStore#keepNodes}).
 */
final class PostgresNodes {
  static final String TABLE = "dvb_lease_log_nodes";
  private static final int REBUILD_BATCH = 4096;

  private PostgresNodes() {}

  /**
   * At open: an empty log has no nodes (rows left by an earlier log in this database are deleted);
   * otherwise the stored nodes of the head's right edge must equal the head row's subtrees (an
   * O(log n) check), or all nodes are rebuilt from the entries (once, for a log written before the
   * nodes table: that reads every entry). Fails if the entries do not give the head's root.
   */
  static void check(PostgresLogStore store) throws LogStoreException {
    CompactRange head = store.run(c -> {
      CompactRange h = PostgresLogStore.readHead(c, " FOR UPDATE");
      if (h.size() == 0) {
        try (Statement s = c.createStatement()) {
          s.execute("DELETE FROM " + TABLE);
        }
      }
      return h;
    });
    List<TreeLayout.Node> edge = TreeLayout.edgeOf(head.size());
    byte[][] stored = store.nodes(edge.stream().mapToLong(TreeLayout.Node::position).toArray());
    List<byte[]> subtrees = head.subtrees();
    boolean intact = true;
    for (int i = 0; i < stored.length; i++) {
      intact &= Arrays.equals(stored[i], subtrees.get(i));
    }
    if (intact) {
      return;
    }
    CompactRange rebuilt = new CompactRange();
    for (long from = 0; from < head.size(); from += REBUILD_BATCH) {
      Map<Long, byte[]> nodes = new HashMap<>();
      for (byte[] entry : store.entries(from, Math.min(head.size(), from + REBUILD_BATCH))) {
        rebuilt.append(MerkleHashes.leaf(entry), (level, i, hash) -> nodes.put(TreeLayout.position(level, i), hash));
      }
      store.run(c -> {
        insert(c, nodes, true);
        return null;
      });
    }
    if (!Arrays.equals(rebuilt.root(), head.root())) {
      throw new LogStoreException("the lease log's first " + head.size() + " entries do not hash to its head's root;"
          + " the database is corrupt (restore it from a backup)");
    }
  }

  static void create(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (pos BIGINT PRIMARY KEY, hash BYTEA NOT NULL)");
    }
  }

  /** The stored nodes at {@code positions} (null where absent), in one query. */
  static byte[][] read(Connection c, long[] positions) throws SQLException {
    Long[] boxed = new Long[positions.length];
    for (int i = 0; i < positions.length; i++) {
      boxed[i] = positions[i];
    }
    Map<Long, byte[]> found = new HashMap<>();
    Array array = c.createArrayOf("bigint", boxed);
    try (PreparedStatement q = c.prepareStatement("SELECT pos, hash FROM " + TABLE + " WHERE pos = ANY(?)")) {
      q.setArray(1, array);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          found.put(rs.getLong(1), rs.getBytes(2));
        }
      }
    } finally {
      array.free();
    }
    byte[][] out = new byte[positions.length][];
    for (int i = 0; i < positions.length; i++) {
      out[i] = found.get(positions[i]);
    }
    return out;
  }

  /**
   * Inserts the nodes (one batch, in the caller's transaction). {@code replace} overwrites rows
   * that differ (rebuilding from the entries); otherwise existing rows are left alone.
   */
  static void insert(Connection c, Map<Long, byte[]> nodes, boolean replace) throws SQLException {
    if (nodes.isEmpty()) {
      return;
    }
    String conflict = replace
        ? " ON CONFLICT (pos) DO UPDATE SET hash = EXCLUDED.hash WHERE " + TABLE + ".hash <> EXCLUDED.hash"
        : " ON CONFLICT (pos) DO NOTHING";
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE + " (pos, hash) VALUES (?, ?)"
        + conflict)) {
      for (Map.Entry<Long, byte[]> n : nodes.entrySet()) {
        insert.setLong(1, n.getKey());
        insert.setBytes(2, n.getValue());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }
}
