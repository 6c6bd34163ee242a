package io.dtvb.vaultsdk.framework;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Vault's write-ahead-log convention: an entry {@code wal/<uuid>} = {type, data, created_at} is
 * written before a side effect and deleted once it is safely recorded; entries left behind by a
 * crash are handed to the backend's rollback handler on Vault's periodic rollback request.
 */
public final class WriteAheadLog {
  public static final String PREFIX = "wal/";

  /** One entry: its id, kind, data and creation time (unix seconds). */
  public record Entry(String id, String kind, Map<String, Object> data, long createdAt) {}

  private WriteAheadLog() {}

  /** Writes an entry and returns its id. */
  public static String put(Storage storage, String kind, Map<String, Object> data, Instant now) {
    String id = UUID.randomUUID().toString();
    storage.putJson(PREFIX + id, value(kind, data, now));
    return id;
  }

  /** Writes an entry as {@link Storage#putAsync} does; the stage completes with its id once it is stored. */
  public static java.util.concurrent.CompletionStage<String> putAsync(Storage storage, String kind,
      Map<String, Object> data, Instant now) {
    String id = UUID.randomUUID().toString();
    return storage.putJsonAsync(PREFIX + id, value(kind, data, now)).thenApply(done -> id);
  }

  private static Map<String, Object> value(String kind, Map<String, Object> data, Instant now) {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("type", kind);
    value.put("data", data);
    value.put("created_at", now.getEpochSecond());
    return value;
  }

  public static void delete(Storage storage, String id) {
    storage.delete(PREFIX + id);
  }

  @SuppressWarnings("unchecked")
  public static Optional<Entry> get(Storage storage, String id) {
    return storage.getJson(PREFIX + id, Map.class).map(m -> new Entry(id, String.valueOf(m.get("type")),
        m.get("data") instanceof Map<?, ?> d ? (Map<String, Object>) d : Map.of(),
        m.get("created_at") instanceof Number n ? n.longValue() : 0L));
  }

  /** Every entry currently in the log. */
  public static List<Entry> list(Storage storage) {
    List<Entry> out = new ArrayList<>();
    for (String id : storage.list(PREFIX)) {
      if (!id.endsWith("/")) {
        get(storage, id).ifPresent(out::add);
      }
    }
    return out;
  }
}
