package io.dtvb.vaultsdk.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WalRollbackTest {
  private final InmemStorage storage = new InmemStorage();
  private final Instant t0 = Instant.parse("2030-01-01T00:00:00Z");
  private final List<Object> rolledBack = new ArrayList<>();

  private Backend backend(Instant now, boolean failing) {
    return Backend.builder()
        .walRollback("mint", (req, data) -> {
          if (failing) {
            throw new IllegalStateException("upstream down");
          }
          rolledBack.add(data.get("name"));
        })
        .clock(Clock.fixed(now, ZoneOffset.UTC))
        .build();
  }

  private void rollback(Backend b, Map<String, Object> data) throws Exception {
    b.handleRequest(Request.of(Operation.ROLLBACK, "", data, storage));
  }

  @Test
  void entriesYoungerThanMinAgeAreLeftAlone() throws Exception {
    WriteAheadLog.put(storage, "mint", Map.of("name", "t1"), t0);
    rollback(backend(t0.plus(Duration.ofMinutes(9)), false), Map.of());
    assertTrue(rolledBack.isEmpty());
    assertEquals(1, WriteAheadLog.list(storage).size());
  }

  @Test
  void oldEntriesAreRolledBackAndDeleted() throws Exception {
    WriteAheadLog.put(storage, "mint", Map.of("name", "t1"), t0);
    rollback(backend(t0.plus(Duration.ofMinutes(11)), false), Map.of());
    assertEquals(List.of("t1"), rolledBack);
    assertTrue(WriteAheadLog.list(storage).isEmpty());
  }

  @Test
  void immediateIgnoresTheAge() throws Exception {
    WriteAheadLog.put(storage, "mint", Map.of("name", "t1"), t0);
    rollback(backend(t0, false), Map.of("immediate", true));
    assertEquals(List.of("t1"), rolledBack);
  }

  @Test
  void immediateMayArriveAsTheStringTheCliSends() throws Exception {
    WriteAheadLog.put(storage, "mint", Map.of("name", "t1"), t0);
    rollback(backend(t0, false), Map.of("immediate", "true"));
    assertEquals(List.of("t1"), rolledBack);
  }

  @Test
  void failedRollbackKeepsTheEntryForNextTime() throws Exception {
    WriteAheadLog.put(storage, "mint", Map.of("name", "t1"), t0);
    rollback(backend(t0.plus(Duration.ofHours(1)), true), Map.of());
    assertEquals(1, WriteAheadLog.list(storage).size());
  }

  @Test
  void entriesOfUnknownKindAreKept() throws Exception {
    WriteAheadLog.put(storage, "other", Map.of(), t0);
    rollback(backend(t0.plus(Duration.ofHours(1)), false), Map.of());
    assertEquals("other", WriteAheadLog.list(storage).get(0).kind());
  }
}
