package io.dtvb.vaultsdk.framework;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;

/** Storage held in memory: for tests and for the registration probe, which has no storage. */
public final class InmemStorage implements Storage {
  private final ConcurrentSkipListMap<String, byte[]> entries = new ConcurrentSkipListMap<>();

  @Override
  public Optional<byte[]> get(String key) {
    return Optional.ofNullable(entries.get(key)).map(byte[]::clone);
  }

  @Override
  public void put(String key, byte[] value) {
    entries.put(key, value.clone());
  }

  @Override
  public void delete(String key) {
    entries.remove(key);
  }

  @Override
  public List<String> list(String prefix) {
    TreeSet<String> keys = new TreeSet<>();
    for (String key : entries.tailMap(prefix).keySet()) {
      if (!key.startsWith(prefix)) {
        break;
      }
      String rest = key.substring(prefix.length());
      int slash = rest.indexOf('/');
      keys.add(slash < 0 ? rest : rest.substring(0, slash + 1));
    }
    return new ArrayList<>(keys);
  }
}
