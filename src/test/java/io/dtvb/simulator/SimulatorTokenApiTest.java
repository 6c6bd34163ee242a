package io.dtvb.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The access-token API's documented answers on the classic and Managed paths. */
class SimulatorTokenApiTest extends SimulatorTestBase {
  private static final String TOKEN_FORMAT = "dt0c01\\.[A-Z0-9]{24}\\.[A-Z0-9]{64}";

  @Test
  void createReturnsDynatraceShapedTokenWhoseIdIsItsFirstTwoParts() {
    SimHttp.Reply r = http.post(CLASSIC + "/apiTokens",
        createBody("ci", "metrics.read").put("expirationDate", "now+1h"), admin);

    assertEquals(201, r.status());
    String token = r.json().getString("token");
    assertTrue(token.matches(TOKEN_FORMAT));
    assertEquals(token.substring(0, token.lastIndexOf('.')), r.json().getString("id"));
    assertTrue(r.json().getString("expirationDate").matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z"));
    assertTrue(info.apiToken().matches(TOKEN_FORMAT));
  }

  @Test
  void createAcceptsEpochMillisIsoAndRelativeExpirations() {
    Instant now = sim.clock().now();
    Instant inADay = now.plus(Duration.ofDays(1));
    String millis = mint(createBody("a", "metrics.read")
        .put("expirationDate", Long.toString(inADay.toEpochMilli()))).getString("expirationDate");
    String iso = mint(createBody("b", "metrics.read")
        .put("expirationDate", "2099-01-25 06:57:01+01:00")).getString("expirationDate");
    String relative = mint(createBody("c", "metrics.read")
        .put("expirationDate", "now+2w")).getString("expirationDate");

    assertEquals(ExpirationDates.format(inADay), millis);
    assertEquals("2099-01-25T05:57:01.000Z", iso);
    assertTrue(Instant.parse(relative).isAfter(now.plus(Duration.ofDays(13))));
  }

  @Test
  void createWithoutExpirationMakesATokenThatNeverExpires() {
    JsonObject created = mint(createBody("forever", "metrics.read"));

    assertNull(created.getString("expirationDate"));
    assertNull(http.get(CLASSIC + "/apiTokens/" + created.getString("id"), admin).json()
        .getString("expirationDate"));
  }

  @Test
  void createRejectsExpirationInThePast() {
    SimHttp.Reply r = http.post(CLASSIC + "/apiTokens",
        createBody("old", "metrics.read").put("expirationDate", "2001-01-01T00:00:00Z"), admin);

    assertEquals(400, r.status());
    JsonObject violation = r.json().getJsonObject("error").getJsonArray("constraintViolations").getJsonObject(0);
    assertEquals("expirationDate", violation.getString("path"));
    assertEquals("PAYLOAD_BODY", violation.getString("parameterLocation"));
  }

  @Test
  void createRequiresNameAndScopes() {
    SimHttp.Reply r = http.post(CLASSIC + "/apiTokens", new JsonObject(), admin);

    assertEquals(400, r.status());
    assertEquals("Constraints violated.", r.errorMessage());
    JsonArray violations = r.json().getJsonObject("error").getJsonArray("constraintViolations");
    List<String> paths = new ArrayList<>();
    violations.forEach(v -> paths.add(((JsonObject) v).getString("path")));
    assertEquals(List.of("name", "scopes"), paths);
  }

  @Test
  void createRejectsScopesOutsideTheCreatableList() {
    for (String scope : List.of("DiagnosticExport", "storage:logs:read", "metrics.readx")) {
      SimHttp.Reply r = http.post(CLASSIC + "/apiTokens", createBody("x", scope), admin);
      assertEquals(400, r.status(), scope);
      assertTrue(r.raw().toString().contains(scope));
    }
  }

  @Test
  void createAcceptsEveryDocumentedCreatableScope() {
    JsonObject body = new JsonObject().put("name", "all")
        .put("scopes", new JsonArray(new ArrayList<>(ScopeCatalog.creatable())));

    assertEquals(91, ScopeCatalog.creatable().size());
    assertEquals(201, http.post(CLASSIC + "/apiTokens", body, admin).status());
  }

  @Test
  void createdTokenIsOwnedByTheCallersOwner() {
    String id = mint(createBody("owned", "metrics.read")).getString("id");

    JsonObject token = http.get(CLASSIC + "/apiTokens/" + id, admin).json();
    JsonObject adminToken = http.get(CLASSIC + "/apiTokens/" + info.apiTokenId(), admin).json();
    assertEquals(adminToken.getString("owner"), token.getString("owner"));
  }

  @Test
  void tokenWithoutWriteScopeIsForbiddenWithTheRequiredScopeNamed() {
    IssuedToken reader = sim.createToken("reader", List.of("apiTokens.read"), null);

    SimHttp.Reply r = http.post(CLASSIC + "/apiTokens", createBody("x", "metrics.read"),
        SimHttp.apiToken(reader.token()));

    assertEquals(403, r.status());
    assertEquals("Token is missing required scope. Use one of: apiTokens.write (Write API tokens)",
        r.errorMessage());
  }

  @Test
  void getReturnsMetadataAndUnknownIdIsNotFound() {
    String id = mint(createBody("meta", "metrics.read", "logs.read")).getString("id");

    SimHttp.Reply found = http.get(CLASSIC + "/apiTokens/" + id, admin);
    SimHttp.Reply missing = http.get(CLASSIC + "/apiTokens/dt0c01.UNKNOWNUNKNOWNUNKNOWN0000", admin);

    assertEquals(200, found.status());
    assertEquals(List.of("metrics.read", "logs.read"), found.json().getJsonArray("scopes").getList());
    assertTrue(found.json().getBoolean("enabled"));
    assertFalse(found.raw().toString().contains("token\""));
    assertEquals(404, missing.status());
  }

  @Test
  void lookupWorksWithATokenOfAnyScopeAndStopsAfterDelete() {
    JsonObject created = mint(createBody("probe", "metrics.read"));
    String self = SimHttp.apiToken(created.getString("token"));
    JsonObject body = new JsonObject().put("token", created.getString("token"));

    SimHttp.Reply before = http.post(CLASSIC + "/apiTokens/lookup", body, self);
    http.delete(CLASSIC + "/apiTokens/" + created.getString("id"), admin);
    SimHttp.Reply after = http.post(CLASSIC + "/apiTokens/lookup", body, self);

    assertEquals(200, before.status());
    assertEquals(created.getString("id"), before.json().getString("id"));
    assertEquals(401, after.status());
    assertEquals(ApiError.TOKEN_AUTH_FAILED, after.errorMessage());
  }

  @Test
  void lookupOfAnUnknownSecretIsNotFound() {
    String unknown = TokenSecrets.newAccessToken();

    SimHttp.Reply r = http.post(CLASSIC + "/apiTokens/lookup", new JsonObject().put("token", unknown), admin);

    assertEquals(404, r.status());
  }

  @Test
  void expiredTokenNoLongerAuthenticates() {
    JsonObject created = mint(createBody("short", "metrics.read").put("expirationDate", "now+5m"));
    String self = SimHttp.apiToken(created.getString("token"));
    JsonObject body = new JsonObject().put("token", created.getString("token"));

    assertEquals(200, http.post(CLASSIC + "/apiTokens/lookup", body, self).status());
    sim.clock().advance(Duration.ofMinutes(6));

    assertEquals(401, http.post(CLASSIC + "/apiTokens/lookup", body, self).status());
    JsonObject state = findState(created.getString("id"));
    assertTrue(state.getBoolean("expired"));
    assertFalse(state.getBoolean("deleted"));
  }

  @Test
  void disabledTokenDoesNotAuthenticateUntilReenabled() {
    JsonObject created = mint(createBody("toggle", "metrics.read"));
    String path = CLASSIC + "/apiTokens/" + created.getString("id");
    String self = SimHttp.apiToken(created.getString("token"));
    JsonObject body = new JsonObject().put("token", created.getString("token"));

    assertEquals(204, http.put(path, new JsonObject().put("enabled", false), admin).status());
    assertEquals(401, http.post(CLASSIC + "/apiTokens/lookup", body, self).status());
    assertEquals(204, http.put(path, new JsonObject().put("enabled", true), admin).status());
    assertEquals(200, http.post(CLASSIC + "/apiTokens/lookup", body, self).status());
  }

  @Test
  void updateReplacesNameAndScopesAndMarksModification() {
    String id = mint(createBody("before", "metrics.read", "logs.read")).getString("id");

    SimHttp.Reply r = http.put(CLASSIC + "/apiTokens/" + id,
        new JsonObject().put("name", "after").put("scopes", new JsonArray().add("events.read")), admin);

    assertEquals(204, r.status());
    JsonObject token = http.get(CLASSIC + "/apiTokens/" + id, admin).json();
    assertEquals("after", token.getString("name"));
    assertEquals(List.of("events.read"), token.getJsonArray("scopes").getList());
    assertNotNull(token.getString("modifiedDate"));
  }

  @Test
  void updateOfUnknownTokenIsNotFoundAndBadScopeIsRejected() {
    String id = mint(createBody("x", "metrics.read")).getString("id");

    assertEquals(404, http.put(CLASSIC + "/apiTokens/dt0c01.NOPE", new JsonObject().put("name", "y"), admin).status());
    assertEquals(400, http.put(CLASSIC + "/apiTokens/" + id,
        new JsonObject().put("scopes", new JsonArray().add("bogus")), admin).status());
  }

  @Test
  void callingTokenCannotDisableItself() {
    SimHttp.Reply r = http.put(CLASSIC + "/apiTokens/" + info.apiTokenId(),
        new JsonObject().put("enabled", false), admin);

    assertEquals(400, r.status());
    assertTrue(r.errorMessage().contains("disable"));
  }

  @Test
  void callingTokenCannotDeleteItself() {
    SimHttp.Reply r = http.delete(CLASSIC + "/apiTokens/" + info.apiTokenId(), admin);

    assertEquals(400, r.status());
    assertTrue(r.errorMessage().contains("delete"));
  }

  @Test
  void deleteAcceptsTheFullSecretInPlaceOfTheId() {
    JsonObject created = mint(createBody("by-secret", "metrics.read"));

    assertEquals(204, http.delete(CLASSIC + "/apiTokens/" + created.getString("token"), admin).status());
    assertEquals(404, http.get(CLASSIC + "/apiTokens/" + created.getString("id"), admin).status());
  }

  @Test
  void deletingTwiceOrAnUnknownIdIsNotFound() {
    String id = mint(createBody("once", "metrics.read")).getString("id");

    assertEquals(204, http.delete(CLASSIC + "/apiTokens/" + id, admin).status());
    assertEquals(404, http.delete(CLASSIC + "/apiTokens/" + id, admin).status());
    assertEquals(404, http.delete(CLASSIC + "/apiTokens/dt0c01.NEVERNEVERNEVERNEVER0000", admin).status());
    assertTrue(findState(id).getBoolean("deleted"));
    assertEquals(1, sim.counters().deletes());
  }

  @Test
  void missingOrUnknownCredentialIsUnauthorized() {
    SimHttp.Reply missing = http.get(CLASSIC + "/apiTokens", null);
    SimHttp.Reply unknown = http.get(CLASSIC + "/apiTokens", SimHttp.apiToken(TokenSecrets.newAccessToken()));

    assertEquals(401, missing.status());
    assertEquals("Missing authorization parameter.", missing.errorMessage());
    assertEquals(401, unknown.status());
  }

  @Test
  void managedPathServesTheSameApiAndUnknownEnvironmentIsNotFound() {
    SimHttp.Reply created = http.post(managed() + "/apiTokens", createBody("m", "metrics.read"), admin);
    SimHttp.Reply other = http.get("/e/zzz99999/api/v2/apiTokens", admin);

    assertEquals(201, created.status());
    assertEquals(200, http.get(CLASSIC + "/apiTokens/" + created.json().getString("id"), admin).status());
    assertEquals(404, other.status());
  }

  @Test
  void stateViewShowsTokensWithoutSecrets() {
    JsonObject created = mint(createBody("visible", "metrics.read").put("expirationDate", "now+1d"));

    String state = http.get("/_sim/state", null).raw().toString();

    assertTrue(state.contains(created.getString("id")));
    assertFalse(state.contains(created.getString("token")));
    assertFalse(state.contains(info.apiToken()));
    assertEquals(1, new JsonObject(state).getJsonObject("counters").getLong("creates"));
    assertEquals(created.getString("expirationDate"), findState(created.getString("id")).getString("expiration_date"));
  }

  private JsonObject findState(String id) {
    for (Object o : sim.state().getJsonArray("tokens")) {
      JsonObject t = (JsonObject) o;
      if (t.getString("id").equals(id)) {
        return t;
      }
    }
    throw new AssertionError("no state for " + id);
  }
}
