package io.dtvb.vaultsdk.framework;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A read-through cache of a mount's read-mostly storage entries (keys listed exactly, or prefixes
 * ending in '/'), so a hot path such as a creds read does not ask Vault for the same config and role
 * on every request, nor decode them again: a record type read with {@code getJson} is decoded once
 * per stored value and shared (records with copied collections are immutable; any other type is
 * decoded afresh for each caller). Absent entries are cached too.
 *
 * <p>Why it cannot go stale: Vault routes every write of a mount to the one active node's backend
 * instance, so every change reaches storage through {@link #over} of this cache, which drops the
 * key once the write returned; a change this instance did not make (a performance standby or a
 * replication secondary receiving the active node's writes) arrives as Vault's InvalidateKey, which
 * the plugin layer passes to {@link #invalidate}. A node that becomes active sets the mount up
 * again, with a new, empty cache. A read that raced with a write or an invalidation does not fill
 * the cache (a version check), so an old value read before a write can never be stored after it.
 */
public final class StorageCache {
  private final List<String> cached;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  /** Bumped by every write, delete and invalidation of a cached key (under this object's lock). */
  private long version;
  private volatile Storage source;

  /** One stored value (or its absence) and its decoded forms by record type. */
  private record Entry(Optional<byte[]> bytes, Map<Class<?>, Object> decoded) {}

  /** A cache of these keys; an entry ending in '/' caches every key below it. */
  public StorageCache(List<String> keysAndPrefixes) {
    this.cached = List.copyOf(keysAndPrefixes);
  }

  /** Whether the cache holds this key's entry (or its absence) now. */
  public boolean holds(String key) {
    return entries.containsKey(key);
  }

  /** Forgets a key Vault reports changed (InvalidateKey), or every key when it is null. */
  public synchronized void invalidate(String key) {
    version++;
    if (key == null) {
      entries.clear();
    } else {
      entries.remove(key);
    }
  }

  /**
   * The storage as requests should see it: reads of cached keys are served here, everything else
   * and every write goes to {@code storage}. Entries belong to one storage: handed another one (a
   * test's fresh in-memory storage), the cache starts empty.
   */
  public Storage over(Storage storage) {
    if (source != storage) {
      synchronized (this) {
        if (source != storage) {
          invalidate(null);
          source = storage;
        }
      }
    }
    return new View(storage);
  }

  private boolean cacheable(String key) {
    for (String c : cached) {
      if (c.endsWith("/") ? key.startsWith(c) : key.equals(c)) {
        return true;
      }
    }
    return false;
  }

  private synchronized long version() {
    return version;
  }

  /** Stores what a read found, unless a write or invalidation happened since the read began. */
  private synchronized Entry fill(String key, long readSince, Optional<byte[]> value) {
    Entry fresh = new Entry(value, new ConcurrentHashMap<>());
    if (version != readSince) {
      return fresh; // answer this read with it, but do not keep it
    }
    Entry kept = entries.putIfAbsent(key, fresh);
    return kept == null ? fresh : kept;
  }

  /** The request's storage with this cache in front of it. */
  private final class View implements Storage {
    private final Storage storage;

    View(Storage storage) {
      this.storage = storage;
    }

    private Entry entry(String key) {
      Entry hit = entries.get(key);
      if (hit != null) {
        return hit;
      }
      long before = version();
      return fill(key, before, storage.get(key).map(byte[]::clone));
    }

    @Override
    public Optional<byte[]> get(String key) {
      return cacheable(key) ? entry(key).bytes().map(byte[]::clone) : storage.get(key);
    }

    @Override
    public <T> Optional<T> getJson(String key, Class<T> type) {
      if (!cacheable(key) || !type.isRecord()) {
        return Storage.super.getJson(key, type);
      }
      Entry e = entry(key);
      if (e.bytes().isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(type.cast(e.decoded().computeIfAbsent(type, t -> decode(key, e.bytes().get(), t))));
    }

    private static Object decode(String key, byte[] bytes, Class<?> type) {
      try {
        return JSON.readValue(bytes, type);
      } catch (IOException e) {
        throw new UncheckedIOException("corrupt storage entry " + key, e);
      }
    }

    @Override
    public void put(String key, byte[] value) {
      try {
        storage.put(key, value);
      } finally {
        forget(key);
      }
    }

    @Override
    public java.util.concurrent.CompletionStage<Void> putAsync(String key, byte[] value) {
      return storage.putAsync(key, value).whenComplete((done, failed) -> forget(key));
    }

    @Override
    public void delete(String key) {
      try {
        storage.delete(key);
      } finally {
        forget(key);
      }
    }

    @Override
    public List<String> list(String prefix) {
      return storage.list(prefix);
    }

    private void forget(String key) {
      if (cacheable(key)) {
        invalidate(key);
      }
    }
  }
}
