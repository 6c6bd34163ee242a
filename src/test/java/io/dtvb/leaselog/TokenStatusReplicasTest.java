package io.dtvb.leaselog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What the log says of a token is the log's truth, also with several replicas appending to one
 * shared store: each replica's answer includes the others' entries.
 */
class TokenStatusReplicasTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private static LeaseEvent event(EventType type, String connection, String tokenId) {
    return LeaseEvent.of(type, T0).withToken(tokenId, "vault-x", List.of("metrics.read"), null)
        .withContext(connection, java.util.Map.of());
  }

  private static void replicasAgree(LogStore one, LogStore two) throws Exception {
    String origin = LeaseLog.origin("replicas");
    LogKey key = LogKey.generate(origin);
    LeaseLog r1 = new LeaseLog(one, key, origin);
    LeaseLog r2 = new LeaseLog(two, key, origin);

    assertEquals(LeaseLog.TokenStatus.UNKNOWN, r2.tokenStatus("m1", "dt0c01.T1"));
    r1.append(event(EventType.MINTED, "m1", "dt0c01.T1"));
    assertEquals(LeaseLog.TokenStatus.LIVE, r2.tokenStatus("m1", "dt0c01.T1"), "replica 2 sees replica 1's mint");
    assertEquals(LeaseLog.TokenStatus.OTHER_CONNECTION, r2.tokenStatus("m2", "dt0c01.T1"));
    r2.append(event(EventType.REVOKED, "m1", "dt0c01.T1"));
    assertEquals(LeaseLog.TokenStatus.REVOKED, r1.tokenStatus("m1", "dt0c01.T1"), "replica 1 sees replica 2's revoke");
    r1.append(event(EventType.REVOKED, "m2", "dt0c01.T2"));
    assertEquals(LeaseLog.TokenStatus.UNKNOWN, r2.tokenStatus("m2", "dt0c01.T2"), "a revoke is not a mint");
    assertEquals(List.of(0L, 1L), r2.indicesOf("m1", 3));
    assertEquals(List.of(2L), r1.indicesOf("m2", 3));
  }

  @Test
  void replicasOnOneStoreSeeEachOthersEntries() throws Exception {
    MemoryLogStore shared = new MemoryLogStore();
    replicasAgree(shared, shared);
  }

  @Test
  void replicasOnOnePostgresLogSeeEachOthersEntries() throws Exception {
    String url = System.getenv("DVB_TEST_PG_URL");
    Assumptions.assumeTrue(url != null && !url.isBlank(), "DVB_TEST_PG_URL is not set");
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS dvb_lease_log_entries, dvb_lease_log_head, dvb_lease_log_nodes");
    }
    try (LogStore one = PostgresLogStore.open(url, null, null); LogStore two = PostgresLogStore.open(url, null, null)) {
      replicasAgree(one, two);
    }
  }
}
