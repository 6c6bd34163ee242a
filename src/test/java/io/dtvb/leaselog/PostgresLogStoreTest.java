package io.dtvb.leaselog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL backend against a real server: scripts/test.sh starts one (Debian's package) and
 * sets DVB_TEST_PG_URL; without it these tests are skipped with that reason.
 */
class PostgresLogStoreTest extends LogStoreContract {
  private static final String URL = System.getenv("DVB_TEST_PG_URL");

  @BeforeEach
  void cleanDatabase() throws Exception {
    Assumptions.assumeTrue(URL != null && !URL.isBlank(),
        "DVB_TEST_PG_URL is not set: run scripts/test.sh, which starts a throwaway PostgreSQL");
    try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS dvb_lease_log_entries, dvb_lease_log_head, dvb_lease_log_nodes");
    }
  }

  @Override
  LogStore openEmpty() throws Exception {
    return PostgresLogStore.open(URL, null, null);
  }

  @Override
  LogStore reopen() throws Exception {
    return PostgresLogStore.open(URL, null, null);
  }

  @Test
  void theSameEventsGiveTheSameEntriesAndRootsAsTheFileStore(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    String origin = LeaseLog.origin("parity");
    LogKey key = LogKey.generate(origin);
    try (LogStore pg = openEmpty(); LogStore file = FileLogStore.open(dir)) {
      LeaseLog onPg = new LeaseLog(pg, key, origin);
      LeaseLog onFile = new LeaseLog(file, key, origin);
      for (int i = 0; i < 25; i++) {
        LeaseEvent e = new LeaseEvent(EventType.values()[i % EventType.values().length],
            java.time.Instant.ofEpochSecond(1_900_000_000L + i), "dynatrace/", "ci", "entity-" + i, "token-ci",
            "req-" + i, "conn", "dt0c01.PARITY" + i, "vault-abcdefgh-ci-" + i, List.of("metrics.read"),
            java.time.Instant.ofEpochSecond(1_900_003_600L), "parity", i % 2 == 0 ? 0 : 503,
            java.util.Map.of("team", "t" + i));
        assertEquals(onFile.append(e), onPg.append(e));
        assertArrayEquals(file.head().root(), pg.head().root(), "roots differ after entry " + i);
      }
      assertEquals(LogStoreContract.texts(file), LogStoreContract.texts(pg));
      assertEquals(onFile.checkpoint().note(), onPg.checkpoint().note());
      assertEquals(onFile.inclusionProof(7, 25).size(), onPg.inclusionProof(7, 25).size());
      java.io.ByteArrayOutputStream a = new java.io.ByteArrayOutputStream();
      java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
      onFile.export(a);
      onPg.export(b);
      assertEquals(a.toString(java.nio.charset.StandardCharsets.UTF_8), b.toString(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  /** Connections whose next commit, once armed, breaks the connection after committing or before. */
  private static final class BreakingCommit implements PostgresLogStore.Connector {
    final java.util.concurrent.atomic.AtomicBoolean armed = new java.util.concurrent.atomic.AtomicBoolean();
    private final boolean commitFirst;

    BreakingCommit(boolean commitFirst) {
      this.commitFirst = commitFirst;
    }

    @Override
    public Connection connect() throws java.sql.SQLException {
      Connection real = DriverManager.getConnection(URL);
      return (Connection) java.lang.reflect.Proxy.newProxyInstance(Connection.class.getClassLoader(),
          new Class<?>[] {Connection.class}, (proxy, method, args) -> {
            if (method.getName().equals("commit") && armed.compareAndSet(true, false)) {
              if (commitFirst) {
                real.commit();
              }
              real.close(); // the server rolls back what was not committed
              throw new java.sql.SQLException("connection lost during the commit (simulated)", "08006");
            }
            try {
              return method.invoke(real, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
              throw e.getCause();
            }
          });
    }
  }

  private static List<LogStore.EntryBuilder> builders(String... texts) {
    List<LogStore.EntryBuilder> out = new ArrayList<>();
    for (String t : texts) {
      out.add((index, root) -> (t + "@" + index).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void aCommitWhoseAnswerIsLostIsNotAppendedTwice() throws Exception {
    try (LogStore store = openEmpty()) {
      store.appendAll(builders("before"));
    }
    BreakingCommit connector = new BreakingCommit(true);
    try (PostgresLogStore store = PostgresLogStore.open(connector)) {
      connector.armed.set(true);
      List<LogStore.Outcome> out = store.appendAll(builders("a", "b", "c"));
      assertEquals(List.of(2L, 3L, 4L), out.stream().map(o -> o.head().size()).toList());
      assertEquals(List.of("before@0", "a@1", "b@2", "c@3"), LogStoreContract.texts(store),
          "the committed batch is found, not appended again");
      assertEquals(false, connector.armed.get(), "the commit did break");
    }
    try (LogStore again = reopen()) {
      assertEquals(4, again.head().size());
    }
  }

  @Test
  void aCommitLostBeforeItTookEffectIsRetriedOnce() throws Exception {
    BreakingCommit connector = new BreakingCommit(false);
    try (PostgresLogStore store = PostgresLogStore.open(connector)) {
      connector.armed.set(true);
      List<LogStore.Outcome> out = store.appendAll(builders("a", "b"));
      assertEquals(List.of(1L, 2L), out.stream().map(o -> o.head().size()).toList());
      assertEquals(List.of("a@0", "b@1"), LogStoreContract.texts(store));
      assertEquals(false, connector.armed.get(), "the commit did break");
    }
  }

  @Test
  void twoReplicasAppendingAtOnceBuildOneOrderedChain() throws Exception {
    int perWriter = 40;
    try (LogStore a = openEmpty(); LogStore b = reopen()) {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<?>> runs = new ArrayList<>();
        for (LogStore store : List.of(a, b)) {
          runs.add(pool.submit(() -> {
            for (int i = 0; i < perWriter; i++) {
              store.append(LogStoreContract::entry);
            }
            return null;
          }));
        }
        for (Future<?> f : runs) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
      assertEquals(2L * perWriter, a.head().size());
      CompactRange check = new CompactRange();
      Set<String> distinct = new HashSet<>();
      for (byte[] e : a.entries(0, 2L * perWriter)) {
        // each entry names its index and the root before it: a lost update would break the chain
        assertEquals(new String(LogStoreContract.entry(check.size(), check.root())), new String(e));
        check.append(MerkleHashes.leaf(e));
        distinct.add(new String(e));
      }
      assertEquals(2 * perWriter, distinct.size());
      assertArrayEquals(check.root(), b.head().root());
    }
  }
}
