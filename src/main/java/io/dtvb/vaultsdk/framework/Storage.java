package io.dtvb.vaultsdk.framework;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A mount's view of Vault storage; keys are relative to the mount, "folders" end in '/'. */
public interface Storage {

  /** Shared JSON mapper for stored values. */
  ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

  Optional<byte[]> get(String key);

  void put(String key, byte[] value);

  /**
   * Writes without holding the calling thread while Vault answers: the stage completes once the
   * value is stored, on whichever thread saw the answer (continuations must not block). Storage
   * reached over the network overrides it; this default writes here and now.
   */
  default CompletionStage<Void> putAsync(String key, byte[] value) {
    try {
      put(key, value);
      return CompletableFuture.completedFuture(null);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

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
    put(key, jsonBytes(value));
  }

  /** Writes a value as JSON, as {@link #putAsync} does. */
  default CompletionStage<Void> putJsonAsync(String key, Object value) {
    try {
      return putAsync(key, jsonBytes(value));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static byte[] jsonBytes(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
