package io.dtvb.leaselog;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A lease log shared by several sidecar replicas: entries, the tree's right edge and its nodes
 * ({@link PostgresNodes}) in PostgreSQL. An append locks the single head row ({@code SELECT … FOR
 * UPDATE}), so writers on any replica take turns and every entry sees the root of the tree before
 * it; a batch's entries, their nodes and the new head commit in one transaction, so a crash leaves
 * the old head or the new one. Open checks the stored nodes of the head's right edge against the
 * head row and rebuilds the nodes from the entries when they are missing (a log written before the
 * nodes table) or disagree.
 */
public final class PostgresLogStore implements LogStore {
  private static final String ENTRIES = "dvb_lease_log_entries";
  private static final String HEAD = "dvb_lease_log_head";

  private final Connector connector;
  private Connection connection;

  /** How the store reaches the database (tests wrap the driver's connections). */
  @FunctionalInterface
  interface Connector {
    Connection connect() throws SQLException;
  }

  private PostgresLogStore(Connector connector) {
    this.connector = connector;
  }

  /**
   * Connects and creates the tables if they are missing. {@code url} is a JDBC URL
   * ({@code jdbc:postgresql://host:5432/db}); user and password may be null (then the URL or the
   * server's trust rules decide).
   */
  public static PostgresLogStore open(String url, String user, String password) throws LogStoreException {
    Properties p = new Properties();
    if (user != null) {
      p.setProperty("user", user);
    }
    if (password != null) {
      p.setProperty("password", password);
    }
    return open(() -> DriverManager.getConnection(url, p));
  }

  /** Opens the store over connections from {@code connector}. */
  static PostgresLogStore open(Connector connector) throws LogStoreException {
    PostgresLogStore store = new PostgresLogStore(connector);
    store.run(c -> {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS " + ENTRIES + " (idx BIGINT PRIMARY KEY, entry BYTEA NOT NULL)");
        s.execute("CREATE TABLE IF NOT EXISTS " + HEAD + " (id INT PRIMARY KEY CHECK (id = 1),"
            + " size BIGINT NOT NULL, subtrees BYTEA NOT NULL)");
        s.execute("INSERT INTO " + HEAD + " VALUES (1, 0, ''::bytea) ON CONFLICT (id) DO NOTHING");
      }
      PostgresNodes.create(c);
      return null;
    });
    PostgresNodes.check(store);
    return store;
  }

  @Override
  public Head append(EntryBuilder builder) throws LogStoreException {
    return appendAll(List.of(builder)).get(0).get();
  }

  /**
   * Appends under the head row's lock. A commit whose answer is lost with the connection may have
   * committed: the batch is looked for at its indices before anything is retried, so a lost
   * acknowledgement never appends the same events twice.
   */
  @Override
  public List<Outcome> appendAll(List<EntryBuilder> builders) throws LogStoreException {
    long[] first = {-1};
    List<byte[]> built = new ArrayList<>();
    return run(c -> {
      built.clear();
      CompactRange range = readHead(c, " FOR UPDATE");
      first[0] = range.size();
      List<Outcome> out = new ArrayList<>(builders.size());
      Map<Long, byte[]> nodes = new HashMap<>();
      byte[] root = range.root();
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + ENTRIES + " (idx, entry) VALUES (?, ?)")) {
        for (EntryBuilder b : builders) {
          long index = range.size();
          byte[] entry;
          try {
            entry = b.build(index, root);
          } catch (RuntimeException e) {
            out.add(new Outcome(null, e));
            continue;
          }
          insert.setLong(1, index);
          insert.setBytes(2, entry);
          insert.addBatch();
          built.add(entry);
          range.append(MerkleHashes.leaf(entry), (level, i, hash) -> nodes.put(TreeLayout.position(level, i), hash));
          root = range.root();
          out.add(new Outcome(new Head(range.size(), root), null));
        }
        if (nodes.isEmpty()) {
          return out;
        }
        insert.executeBatch();
      }
      PostgresNodes.insert(c, nodes, true); // computed under the head lock: they replace whatever a row says
      try (PreparedStatement update = c.prepareStatement("UPDATE " + HEAD + " SET size = ?, subtrees = ? WHERE id = 1")) {
        update.setLong(1, range.size());
        update.setBytes(2, join(range.subtrees()));
        update.executeUpdate();
      }
      return out;
    }, c -> !built.isEmpty() && storedAt(c, first[0], built));
  }

  /** True when the entries stored from {@code from} on are exactly {@code entries} (the batch committed). */
  private static boolean storedAt(Connection c, long from, List<byte[]> entries) throws SQLException {
    try (PreparedStatement q = c.prepareStatement(
        "SELECT idx, entry FROM " + ENTRIES + " WHERE idx >= ? AND idx < ? ORDER BY idx")) {
      q.setLong(1, from);
      q.setLong(2, from + entries.size());
      int n = 0;
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          if (rs.getLong(1) != from + n || !java.util.Arrays.equals(rs.getBytes(2), entries.get(n))) {
            return false;
          }
          n++;
        }
      }
      return n == entries.size();
    }
  }

  @Override
  public Head head() throws LogStoreException {
    return run(c -> {
      CompactRange range = readHead(c, "");
      return new Head(range.size(), range.root());
    });
  }

  @Override
  public byte[][] nodes(long[] positions) throws LogStoreException {
    return run(c -> PostgresNodes.read(c, positions));
  }

  @Override
  public void keepNodes(Map<Long, byte[]> computed) throws LogStoreException {
    run(c -> {
      PostgresNodes.insert(c, computed, false);
      return null;
    });
  }

  @Override
  public List<byte[]> entries(long from, long to) throws LogStoreException {
    if (from < 0 || to < from) {
      throw new IllegalArgumentException("bad range [" + from + ", " + to + ")");
    }
    List<byte[]> out = run(c -> {
      List<byte[]> rows = new ArrayList<>();
      try (PreparedStatement q = c.prepareStatement(
          "SELECT entry FROM " + ENTRIES + " WHERE idx >= ? AND idx < ? ORDER BY idx")) {
        q.setLong(1, from);
        q.setLong(2, to);
        q.setFetchSize(1000);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            rows.add(rs.getBytes(1));
          }
        }
      }
      return rows;
    });
    if (out.size() != to - from) {
      throw new LogStoreException("entries [" + from + ", " + to + ") asked, " + out.size() + " stored");
    }
    return out;
  }

  @Override
  public synchronized void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // closing anyway
      }
      connection = null;
    }
  }

  /** The head row as a right edge; {@code lock} is "" or " FOR UPDATE". */
  static CompactRange readHead(Connection c, String lock) throws SQLException {
    try (PreparedStatement q = c.prepareStatement("SELECT size, subtrees FROM " + HEAD + " WHERE id = 1" + lock);
         ResultSet rs = q.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("lease log head row is missing");
      }
      return new CompactRange(rs.getLong(1), split(rs.getBytes(2)));
    }
  }

  /** One unit of work in a transaction. */
  @FunctionalInterface
  interface Work<T> {
    T apply(Connection c) throws SQLException, LogStoreException;
  }

  /** Runs the work in one transaction; a broken connection is replaced once and the work retried. */
  synchronized <T> T run(Work<T> work) throws LogStoreException {
    return run(work, c -> false);
  }

  /**
   * Runs the work in one transaction; a broken connection is replaced once and the work retried.
   * When the connection breaks during the commit itself, the transaction may have committed:
   * {@code committed} asks a new connection, and the work's result stands without a retry if so.
   */
  synchronized <T> T run(Work<T> work, Work<Boolean> committed) throws LogStoreException {
    SQLException last = null;
    for (int attempt = 0; attempt < 2; attempt++) {
      Connection c;
      try {
        c = connection();
      } catch (SQLException e) {
        throw new LogStoreException("cannot connect to the lease log database: " + e.getMessage(), e);
      }
      T result;
      try {
        result = work.apply(c);
      } catch (SQLException e) {
        last = e;
        if (!replaceBroken(c, e)) {
          break;
        }
        continue;
      }
      try {
        c.commit();
        return result;
      } catch (SQLException e) {
        last = e;
        if (!replaceBroken(c, e)) {
          break;
        }
        if (committedAfterAll(committed)) {
          return result;
        }
      }
    }
    throw new LogStoreException("lease log database failed: " + last.getMessage(), last);
  }

  /** Rolls back; true when the connection broke (it is closed, to be replaced), false for other failures. */
  private boolean replaceBroken(Connection c, SQLException e) {
    rollbackQuietly(c);
    if (!isConnectionFailure(e)) {
      return false;
    }
    close();
    return true;
  }

  /** After a commit whose answer was lost: whether it took effect, asked over a new connection. */
  private boolean committedAfterAll(Work<Boolean> committed) throws LogStoreException {
    try {
      Connection c = connection();
      try {
        boolean yes = committed.apply(c);
        c.commit();
        return yes;
      } catch (SQLException e) {
        rollbackQuietly(c);
        throw e;
      }
    } catch (SQLException e) {
      close();
      throw new LogStoreException("the lease log database lost the connection while committing, and whether the"
          + " commit took effect cannot be checked: " + e.getMessage(), e);
    }
  }

  private Connection connection() throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection = connector.connect();
      connection.setAutoCommit(false);
      connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
    }
    return connection;
  }

  private static boolean isConnectionFailure(SQLException e) {
    String state = e.getSQLState();
    return state != null && state.startsWith("08");
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is going away
    }
  }

  private static List<byte[]> split(byte[] packed) {
    List<byte[]> out = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(packed);
    while (b.remaining() >= MerkleHashes.SIZE) {
      byte[] h = new byte[MerkleHashes.SIZE];
      b.get(h);
      out.add(h);
    }
    return out;
  }

  private static byte[] join(List<byte[]> hashes) {
    ByteBuffer b = ByteBuffer.allocate(hashes.size() * MerkleHashes.SIZE);
    hashes.forEach(b::put);
    return b.array();
  }
}
