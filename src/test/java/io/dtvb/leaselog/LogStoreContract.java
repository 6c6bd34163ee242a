package io.dtvb.leaselog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LogStore} promises, run against each backend (file, PostgreSQL) so they stay
 * interchangeable: appends see the previous root, heads match a recomputation, entries read back
 * in order, and a reopened store continues where it stopped.
 */
abstract class LogStoreContract {

  /** A fresh, empty store. */
  abstract LogStore openEmpty() throws Exception;

  /** The same store opened again (after close). */
  abstract LogStore reopen() throws Exception;

  static byte[] entry(long index, byte[] previousRoot) {
    return ("{\"index\":" + index + ",\"prev\":\"" + java.util.HexFormat.of().formatHex(previousRoot) + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void emptyStoreHasTheEmptyRoot() throws Exception {
    try (LogStore store = openEmpty()) {
      assertEquals(0, store.head().size());
      assertArrayEquals(MerkleHashes.emptyRoot(), store.head().root());
      assertEquals(List.of(), store.entries(0, 0));
    }
  }

  @Test
  void appendsSeeTheirIndexAndThePreviousRootAndHeadsMatchARecomputation() throws Exception {
    CompactRange expected = new CompactRange();
    try (LogStore store = openEmpty()) {
      for (int i = 0; i < 37; i++) {
        byte[] before = expected.root();
        long want = i;
        LogStore.Head head = store.append((index, previousRoot) -> {
          assertEquals(want, index);
          assertArrayEquals(before, previousRoot);
          return entry(index, previousRoot);
        });
        expected.append(MerkleHashes.leaf(entry(i, before)));
        assertEquals(i + 1, head.size());
        assertArrayEquals(expected.root(), head.root());
      }
      List<byte[]> all = store.entries(0, 37);
      CompactRange again = new CompactRange();
      all.forEach(e -> again.append(MerkleHashes.leaf(e)));
      assertArrayEquals(expected.root(), again.root());
      assertEquals(new String(store.entries(5, 6).get(0), StandardCharsets.UTF_8),
          new String(all.get(5), StandardCharsets.UTF_8));
    }
  }

  @Test
  void reopenedStoreContinuesWhereItStopped() throws Exception {
    LogStore.Head before;
    try (LogStore store = openEmpty()) {
      for (int i = 0; i < 5; i++) {
        store.append(LogStoreContract::entry);
      }
      before = store.head();
    }
    try (LogStore store = reopen()) {
      assertEquals(before.size(), store.head().size());
      assertArrayEquals(before.root(), store.head().root());
      LogStore.Head after = store.append(LogStoreContract::entry);
      assertEquals(6, after.size());
      assertEquals(6, store.entries(0, 6).size());
    }
  }

  @Test
  void readingPastTheEndFails() throws Exception {
    try (LogStore store = openEmpty()) {
      store.append(LogStoreContract::entry);
      assertThrows(Exception.class, () -> store.entries(0, 2));
    }
  }

  @Test
  void aFailingBuilderAppendsNothing() throws Exception {
    try (LogStore store = openEmpty()) {
      store.append(LogStoreContract::entry);
      assertThrows(RuntimeException.class, () -> store.append((i, r) -> {
        throw new IllegalStateException("builder failed");
      }));
      assertEquals(1, store.head().size());
      assertEquals(2, store.append(LogStoreContract::entry).size());
    }
  }

  /** Entries in order, as text (for comparing two backends). */
  static List<String> texts(LogStore store) throws Exception {
    List<String> out = new ArrayList<>();
    for (byte[] e : store.entries(0, store.head().size())) {
      out.add(new String(e, StandardCharsets.UTF_8));
    }
    return out;
  }
}
