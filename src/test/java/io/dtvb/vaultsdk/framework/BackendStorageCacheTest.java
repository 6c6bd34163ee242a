package io.dtvb.vaultsdk.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A backend's cached keys as its handlers see them: writes, deletes and Vault's InvalidateKey. */
class BackendStorageCacheTest {
  private final StorageCacheTest.CountingStorage storage = new StorageCacheTest.CountingStorage();

  private final Backend backend = Backend.builder()
      .paths(Path.builder("things/" + Path.segment("name"))
          .fields(Field.of("name", FieldType.STRING, "Name").pathParameter(),
              Field.of("value", FieldType.STRING, "Value"))
          .operation(Operation.READ, (r, d) -> r.storage().get("thing/" + d.getString("name"))
              .map(b -> Response.of(Map.of("value", new String(b, StandardCharsets.UTF_8)))).orElse(null), "Read")
          .operation(Operation.UPDATE, (r, d) -> {
            r.storage().put("thing/" + d.getString("name"), d.getString("value").getBytes(StandardCharsets.UTF_8));
            return null;
          }, "Write")
          .operation(Operation.DELETE, (r, d) -> {
            r.storage().delete("thing/" + d.getString("name"));
            return null;
          }, "Delete")
          .build())
      .cachedStorage("thing/")
      .build();

  private Object value(String name) throws Exception {
    Response r = backend.handleRequest(Request.of(Operation.READ, "things/" + name, Map.of(), storage));
    return r == null ? null : r.data().get("value");
  }

  private void write(String name, String value) throws Exception {
    backend.handleRequest(Request.of(Operation.UPDATE, "things/" + name, Map.of("value", value), storage));
  }

  @Test
  void repeatedReadsOfACachedKeyAskStorageOnce() throws Exception {
    write("a", "1");

    assertEquals("1", value("a"));
    assertEquals("1", value("a"));
    assertEquals("1", value("a"));

    assertEquals(1, storage.gets.get());
  }

  @Test
  void aHandlersWriteIsSeenByTheNextRequest() throws Exception {
    write("a", "1");
    value("a");

    write("a", "2");

    assertEquals("2", value("a"));
  }

  @Test
  void aHandlersDeleteIsSeenByTheNextRequest() throws Exception {
    write("a", "1");
    value("a");

    backend.handleRequest(Request.of(Operation.DELETE, "things/a", Map.of(), storage));

    assertNull(value("a"));
  }

  @Test
  void invalidateKeyMakesTheNextReadAskStorage() throws Exception {
    write("a", "1");
    value("a");
    storage.inner.put("thing/a", "replicated".getBytes(StandardCharsets.UTF_8));

    backend.invalidate("thing/a");

    assertEquals("replicated", value("a"));
  }

  @Test
  void cleanupEmptiesTheCache() throws Exception {
    write("a", "1");
    value("a");
    storage.inner.put("thing/a", "changed".getBytes(StandardCharsets.UTF_8));

    backend.cleanup();

    assertEquals("changed", value("a"));
  }
}
