package io.dtvb.vaultsdk.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackendTest {
  private final InmemStorage storage = new InmemStorage();
  private final SecretType thing = new SecretType("thing", "a thing",
      req -> Response.of(Map.of("renewed", req.secret().internalData().get("id"))),
      req -> null);

  private final Backend backend = Backend.builder()
      .help("test", "Test backend.\nMore text.")
      .paths(Path.builder("items/" + Path.segment("name"))
              .fields(Field.of("name", FieldType.STRING, "Item name").pathParameter(),
                  Field.of("size", FieldType.INT, "Size"),
                  Field.of("ttl", FieldType.DURATION, "TTL").defaultValue("1h"))
              .operation(Operation.UPDATE, (r, d) -> {
                storage.putJson("item/" + d.getString("name"), Map.of("size", d.getInt("size")));
                return null;
              }, "Write an item")
              .operation(Operation.READ, (r, d) -> {
                if (d.getInt("size") < 0) {
                  throw new UserError("size must be positive");
                }
                return Response.of(Map.of("name", d.getString("name"), "ttl", d.getDuration("ttl").toSeconds()));
              }, "Read an item")
              .existenceCheck((r, d) -> storage.get("item/" + d.getString("name")).isPresent())
              .help("Manage items.", "Items are things.")
              .build())
      .secret(thing)
      .build();

  private Request req(Operation op, String path, Map<String, Object> data) {
    return Request.of(op, path, data, storage);
  }

  @Test
  void routesByPatternAndPassesCapturedFields() throws Exception {
    Response r = backend.handleRequest(req(Operation.READ, "items/a1", Map.of()));
    assertEquals("a1", r.data().get("name"));
    assertEquals(3600L, r.data().get("ttl"));
  }

  @Test
  void unknownPathIsUnsupportedPath() {
    assertThrows(UnsupportedPathError.class, () -> backend.handleRequest(req(Operation.READ, "nope", Map.of())));
  }

  @Test
  void unsupportedOperationIsReported() {
    assertThrows(UnsupportedOperationError.class,
        () -> backend.handleRequest(req(Operation.DELETE, "items/a", Map.of())));
  }

  @Test
  void createFallsBackToUpdateHandler() throws Exception {
    backend.handleRequest(req(Operation.CREATE, "items/a", Map.of("size", 3)));
    assertTrue(storage.get("item/a").isPresent());
  }

  @Test
  void unknownFieldBecomesErrorResponseNamingIt() throws Exception {
    Response r = backend.handleRequest(req(Operation.UPDATE, "items/a", Map.of("colour", "red")));
    assertTrue(r.isError());
    assertTrue(r.data().get("error").toString().contains("colour"));
  }

  @Test
  void badTypeBecomesErrorResponseNamingField() throws Exception {
    Response r = backend.handleRequest(req(Operation.UPDATE, "items/a", Map.of("size", "big")));
    assertTrue(r.isError());
    assertTrue(r.data().get("error").toString().contains("\"size\""));
  }

  @Test
  void existenceCheckReportsWhetherObjectExists() throws Exception {
    assertEquals(new ExistenceResult(true, false), backend.existenceCheck(req(Operation.UPDATE, "items/x", Map.of())));
    backend.handleRequest(req(Operation.UPDATE, "items/x", Map.of("size", 1)));
    assertEquals(new ExistenceResult(true, true), backend.existenceCheck(req(Operation.UPDATE, "items/x", Map.of())));
    assertEquals(ExistenceResult.NO_CHECK, backend.existenceCheck(req(Operation.UPDATE, "other", Map.of())));
  }

  @Test
  void helpCarriesTextAndOpenApiDocument() throws Exception {
    Response r = backend.handleRequest(req(Operation.HELP, "items/x", Map.of()));
    assertTrue(r.data().get("help").toString().contains("Manage items."));
    @SuppressWarnings("unchecked")
    Map<String, Object> doc = (Map<String, Object>) r.data().get("openapi");
    assertEquals("3.0.2", doc.get("openapi"));
    @SuppressWarnings("unchecked")
    Map<String, Object> paths = (Map<String, Object>) doc.get("paths");
    assertTrue(paths.containsKey("/items/{name}"), paths.keySet().toString());
  }

  @Test
  void rootHelpDescribesWholeBackend() throws Exception {
    Response r = backend.handleRequest(req(Operation.HELP, "", Map.of()));
    assertTrue(r.data().get("help").toString().startsWith("Test backend."));
  }

  @Test
  void renewDispatchesBySecretType() throws Exception {
    LeaseOptions lease = new LeaseOptions(Duration.ofHours(1), Duration.ZERO, true, Duration.ZERO, Instant.now());
    Request renew = req(Operation.RENEW, "items/a", Map.of())
        .withSecret(new SecretInfo(lease, Map.of(SecretType.TYPE_KEY, "thing", "id", "42")));
    assertEquals("42", backend.handleRequest(renew).data().get("renewed"));
    Request revoke = new Request("", Operation.REVOKE, "items/a", Map.of(), renew.secret(), storage, null);
    assertNull(backend.handleRequest(revoke));
  }

  @Test
  void secretWithoutKnownTypeIsUnsupported() {
    Request renew = req(Operation.RENEW, "items/a", Map.of()).withSecret(new SecretInfo(null, Map.of()));
    assertThrows(UnsupportedOperationError.class, () -> backend.handleRequest(renew));
  }

  @Test
  void rollbackWithoutPeriodicWorkIsUnsupported() {
    assertThrows(UnsupportedOperationError.class, () -> backend.handleRequest(req(Operation.ROLLBACK, "", Map.of())));
  }

  @Test
  void secretTypeResponseRecordsItsType() {
    Response r = thing.response(Map.of("a", 1), Map.of("id", "x"), Duration.ofMinutes(5), Duration.ofHours(1));
    assertEquals("thing", r.secret().internalData().get(SecretType.TYPE_KEY));
    assertTrue(r.secret().renewable());
    assertFalse(r.isError());
    assertInstanceOf(Map.class, r.data());
  }

  @Test
  void inmemStorageListsOneLevel() {
    storage.put("role/a", new byte[] {1});
    storage.put("role/b/c", new byte[] {1});
    storage.put("rolex", new byte[] {1});
    assertEquals(List.of("a", "b/"), storage.list("role/"));
  }
}
