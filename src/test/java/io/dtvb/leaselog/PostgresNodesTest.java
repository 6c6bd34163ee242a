package io.dtvb.leaselog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL store's nodes table is never trusted past what the entries give: a log written
 * before the table existed is rebuilt at open, rows missing for entries an older replica wrote
 * are computed and put back, rows left by an earlier log are dropped, and a database whose
 * entries disagree with its head refuses to open. Concurrent appends share transactions. Needs
 * DVB_TEST_PG_URL, as {@link PostgresLogStoreTest} does.
 */
class PostgresNodesTest {
  private static final String URL = System.getenv("DVB_TEST_PG_URL");

  @BeforeEach
  void cleanDatabase() throws Exception {
    Assumptions.assumeTrue(URL != null && !URL.isBlank(),
        "DVB_TEST_PG_URL is not set: run scripts/test.sh, which starts a throwaway PostgreSQL");
    sql("DROP TABLE IF EXISTS dvb_lease_log_entries, dvb_lease_log_head, dvb_lease_log_nodes");
  }

  @Test
  void aLogWrittenBeforeTheNodesTableGetsItsNodesAtOpen() throws Exception {
    Random r = new Random(11);
    List<byte[]> leaves = new ArrayList<>();
    try (PostgresLogStore store = PostgresLogStore.open(URL, null, null)) {
      ProofParityTest.append(store, 300, r, leaves);
    }
    sql("DROP TABLE dvb_lease_log_nodes");
    try (PostgresLogStore store = PostgresLogStore.open(URL, null, null)) {
      assertEquals(TreeLayout.count(300), count());
      TreeFileTest.assertNodesAre(TreeFileTest.expectedNodes(leaves), store);
      ProofParityTest.compare(store, leaves, r);
    }
  }

  @Test
  void nodesMissingForSomeEntriesAreComputedAndPutBack() throws Exception {
    Random r = new Random(12);
    List<byte[]> leaves = new ArrayList<>();
    try (PostgresLogStore store = PostgresLogStore.open(URL, null, null)) {
      ProofParityTest.append(store, 1100, r, leaves);
      sql("DELETE FROM dvb_lease_log_nodes WHERE pos % 3 = 1"); // as if an older replica appended those
      long left = count();
      ProofParityTest.compare(store, leaves, r);
      assertTrue(count() > left, "computed nodes were stored again");
      java.util.Map<Long, byte[]> expected = TreeFileTest.expectedNodes(leaves);
      long[] all = expected.keySet().stream().mapToLong(Long::longValue).toArray();
      byte[][] stored = store.nodes(all);
      for (int i = 0; i < all.length; i++) {
        assertTrue(stored[i] == null || java.util.Arrays.equals(expected.get(all[i]), stored[i]), "node " + all[i]);
      }
    }
  }

  @Test
  void rowsLeftByAnEarlierLogAreDropped() throws Exception {
    Random r = new Random(13);
    try (PostgresLogStore store = PostgresLogStore.open(URL, null, null)) {
      ProofParityTest.append(store, 200, r, new ArrayList<>());
    }
    sql("DROP TABLE dvb_lease_log_entries, dvb_lease_log_head"); // but not the nodes
    List<byte[]> leaves = new ArrayList<>();
    try (PostgresLogStore store = PostgresLogStore.open(URL, null, null)) {
      assertEquals(0, count());
      ProofParityTest.append(store, 150, r, leaves);
      ProofParityTest.compare(store, leaves, r);
    }
  }

  @Test
  void entriesThatDoNotGiveTheHeadRefuseToOpen() throws Exception {
    try (PostgresLogStore store = PostgresLogStore.open(URL, null, null)) {
      ProofParityTest.append(store, 20, new Random(14), new ArrayList<>());
    }
    sql("UPDATE dvb_lease_log_entries SET entry = 'altered'::bytea WHERE idx = 5");
    sql("DELETE FROM dvb_lease_log_nodes"); // forces the rebuild, which must notice
    LogStoreException e = assertThrows(LogStoreException.class, () -> PostgresLogStore.open(URL, null, null));
    assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
  }

  @Test
  void concurrentAppendsShareTransactions() throws Exception {
    int n = 12;
    try (CountingStore store = new CountingStore(PostgresLogStore.open(URL, null, null))) {
      GroupCommit commits = new GroupCommit(store, GroupCommit.MAX_BATCH);
      store.holdNextFlushUntil(() -> commits.queued() == n - 1);
      List<Long> sizes = GroupCommitTest.collect(GroupCommitTest.run(n,
          i -> commits.appendAll(List.of(LogStoreContract::entry)).get(0).get().size()));
      assertEquals(List.of(1, n - 1), store.flushes());
      assertEquals(GroupCommitTest.range(1, n), new TreeSet<>(sizes));
      assertEquals(n, store.entries(0, n).size());
    }
  }

  private static long count() throws Exception {
    try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT count(*) FROM dvb_lease_log_nodes")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void sql(String statement) throws Exception {
    try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
