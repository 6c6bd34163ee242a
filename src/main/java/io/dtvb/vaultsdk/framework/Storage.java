package io.dtvb.vaultsdk.framework;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/** A mount's view of Vault storage; keys are relative to the mount, "folders" end in '/'. */
public interface Storage {

  /** Shared JSON mapper for stored values. */
  ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

  Optional<byte[]> get(String key);

  void put(String key, byte[] value);

  void delete(String key);

  /** Keys one level below the prefix; sub-folders are returned with a trailing '/'. */
  List<String> list(String prefix);

  /** Reads a JSON value, if present. */
  default <T> Optional<T> getJson(String key, Class<T> type) {
    return get(key).map(bytes -> {
      try {
        return JSON.readValue(bytes, type);
      } catch (IOException e) {
        throw new UncheckedIOException("corrupt storage entry " + key, e);
      }
    });
  }

  /** Writes a value as JSON. */
  default void putJson(String key, Object value) {
    try {
      put(key, JSON.writeValueAsBytes(value));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
