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
      s.execute("DROP TABLE IF EXISTS dvb_lease_log_entries, dvb_lease_log_head");
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
