package io.dtvb.vaultsdk.framework;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StorageCacheTest {
  /** In-memory storage that counts reads and can hold the next read after it read its value. */
  static final class CountingStorage implements Storage {
    final InmemStorage inner = new InmemStorage();
    final AtomicInteger gets = new AtomicInteger();
    final CountDownLatch readTaken = new CountDownLatch(1);
    volatile CountDownLatch holdNextRead;
    volatile boolean failWrites;

    @Override
    public Optional<byte[]> get(String key) {
      gets.incrementAndGet();
      Optional<byte[]> v = inner.get(key);
      CountDownLatch hold = holdNextRead;
      if (hold != null) {
        holdNextRead = null;
        readTaken.countDown();
        await(hold);
      }
      return v;
    }

    @Override
    public void put(String key, byte[] value) {
      if (failWrites) {
        throw new IllegalStateException("storage put " + key + ": unavailable");
      }
      inner.put(key, value);
    }

    /** Until this completes, an async write is not stored (Vault has not answered yet). */
    volatile java.util.concurrent.CompletableFuture<Void> asyncAnswer;

    @Override
    public java.util.concurrent.CompletionStage<Void> putAsync(String key, byte[] value) {
      java.util.concurrent.CompletableFuture<Void> answer = asyncAnswer;
      return answer == null ? Storage.super.putAsync(key, value) : answer.thenRun(() -> put(key, value));
    }

    @Override
    public void delete(String key) {
      inner.delete(key);
    }

    @Override
    public List<String> list(String prefix) {
      return inner.list(prefix);
    }
  }

  private final CountingStorage storage = new CountingStorage();
  private final StorageCache cache = new StorageCache(List.of("config", "role/"));

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private String read(String key) {
    return cache.over(storage).get(key).map(b -> new String(b, StandardCharsets.UTF_8)).orElse(null);
  }

  @Test
  void aCachedKeyIsReadFromStorageOnce() {
    storage.inner.put("config", bytes("a"));

    assertEquals("a", read("config"));
    assertEquals("a", read("config"));

    assertEquals(1, storage.gets.get());
  }

  @Test
  void anAbsentKeyIsCachedToo() {
    assertEquals(null, read("role/ci"));
    assertEquals(null, read("role/ci"));

    assertEquals(1, storage.gets.get());
  }

  @Test
  void otherKeysAlwaysGoToStorage() {
    storage.inner.put("token/x", bytes("t"));

    read("token/x");
    read("token/x");
    read("configuration");

    assertEquals(3, storage.gets.get());
    assertFalse(cache.holds("token/x"));
  }

  @Test
  void aWriteThroughTheCacheIsSeenByTheNextRead() {
    storage.inner.put("role/ci", bytes("old"));
    read("role/ci");

    cache.over(storage).put("role/ci", bytes("new"));

    assertEquals("new", read("role/ci"));
  }

  @Test
  void aDeleteThroughTheCacheIsSeenByTheNextRead() {
    storage.inner.put("config", bytes("c"));
    read("config");

    cache.over(storage).delete("config");

    assertEquals(null, read("config"));
  }

  @Test
  void aFailedWriteStillDropsTheEntry() {
    storage.inner.put("config", bytes("c"));
    read("config");
    storage.failWrites = true;

    assertThrows(IllegalStateException.class, () -> cache.over(storage).put("config", bytes("d")));

    assertFalse(cache.holds("config")); // whatever storage holds now, it is read again
  }

  @Test
  void anAsyncWriteDropsTheEntryOnceItIsStored() {
    java.util.concurrent.CompletableFuture<Void> answer = new java.util.concurrent.CompletableFuture<>();
    storage.asyncAnswer = answer;
    storage.inner.put("role/ci", bytes("old"));
    Storage view = cache.over(storage);
    view.get("role/ci");

    java.util.concurrent.CompletionStage<Void> written = view.putAsync("role/ci", bytes("new"));
    assertTrue(cache.holds("role/ci")); // not stored yet: nothing new to see
    answer.complete(null);

    assertTrue(written.toCompletableFuture().isDone());
    assertFalse(cache.holds("role/ci"));
    assertEquals("new", new String(view.get("role/ci").orElseThrow(), StandardCharsets.UTF_8));
  }

  @Test
  void aFailedAsyncWriteStillDropsTheEntry() {
    storage.inner.put("config", bytes("c"));
    read("config");
    storage.failWrites = true;

    java.util.concurrent.CompletionStage<Void> written = cache.over(storage).putAsync("config", bytes("d"));

    assertTrue(written.toCompletableFuture().isCompletedExceptionally());
    assertFalse(cache.holds("config"));
  }

  @Test
  void vaultsInvalidationDropsTheEntry() {
    storage.inner.put("role/ci", bytes("old"));
    read("role/ci");
    storage.inner.put("role/ci", bytes("replicated")); // a change another node made

    cache.invalidate("role/ci");

    assertEquals("replicated", read("role/ci"));
  }

  @Test
  void anotherStorageStartsWithAnEmptyCache() {
    storage.inner.put("config", bytes("first"));
    read("config");
    CountingStorage other = new CountingStorage();
    other.inner.put("config", bytes("second"));

    assertEquals("second", cache.over(other).get("config").map(String::new).orElse(null));
  }

  @Test
  void returnedBytesAreCopies() {
    storage.inner.put("config", bytes("abc"));
    cache.over(storage).get("config").orElseThrow()[0] = 'x';

    assertArrayEquals(bytes("abc"), cache.over(storage).get("config").orElseThrow());
  }

  record Item(String name, int size) {}

  @Test
  void aRecordIsDecodedOnceAndSharedUntilItIsWritten() {
    cache.over(storage).putJson("role/ci", new Item("ci", 1));
    Item first = cache.over(storage).getJson("role/ci", Item.class).orElseThrow();

    assertSame(first, cache.over(storage).getJson("role/ci", Item.class).orElseThrow());

    cache.over(storage).putJson("role/ci", new Item("ci", 2));
    assertEquals(2, cache.over(storage).getJson("role/ci", Item.class).orElseThrow().size());
  }

  @Test
  void aMutableTypeIsDecodedAfreshForEachCaller() {
    cache.over(storage).putJson("config", java.util.Map.of("a", 1));
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> mine = cache.over(storage).getJson("config", java.util.Map.class).orElseThrow();
    mine.put("a", 99);

    assertEquals(1, cache.over(storage).getJson("config", java.util.Map.class).orElseThrow().get("a"));
    assertEquals(1, storage.gets.get());
  }

  @Test
  void aCorruptRecordFailsEveryReadUntilItIsRewritten() {
    storage.inner.put("config", bytes("{not json"));

    assertThrows(java.io.UncheckedIOException.class, () -> cache.over(storage).getJson("config", Item.class));
    assertThrows(java.io.UncheckedIOException.class, () -> cache.over(storage).getJson("config", Item.class));
    cache.over(storage).putJson("config", new Item("c", 3));
    assertEquals(3, cache.over(storage).getJson("config", Item.class).orElseThrow().size());
  }

  @Test
  void aReadThatRacedWithAWriteDoesNotFillTheCache() throws Exception {
    storage.inner.put("config", bytes("old"));
    CountDownLatch release = new CountDownLatch(1);
    storage.holdNextRead = release;
    String[] seen = new String[1];
    Thread reader = new Thread(() -> seen[0] = read("config"));
    reader.start();
    await(storage.readTaken); // the reader holds "old" but has not returned yet

    cache.over(storage).put("config", bytes("new"));
    release.countDown();
    reader.join(10_000);

    assertFalse(reader.isAlive(), "the reader finished");
    assertEquals("old", seen[0]); // it read before the write: fine to answer, not to keep
    assertFalse(cache.holds("config"));
    assertEquals("new", read("config"));
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(10, java.util.concurrent.TimeUnit.SECONDS), "latch released in time");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
