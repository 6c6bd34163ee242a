package io.dtvb.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Validation of {@code POST …/platform-tokens} bodies, the owner choice, and the account error envelope. */
class SimulatorAccountCreateRulesTest extends SimulatorTestBase {

  private SimHttp.Reply create(JsonObject body) {
    return http.post(tokensPath(), body, accountBearer());
  }

  private static void assertAccountError(SimHttp.Reply r, int status, String message) {
    assertEquals(status, r.status(), r.raw() == null ? "" : r.raw().toString());
    JsonObject body = r.json();
    assertEquals(Boolean.TRUE, body.getValue("error"));
    assertTrue(body.containsKey("payload"));
    assertEquals(null, body.getValue("payload"));
    assertTrue(body.getString("message").contains(message), body.getString("message"));
  }

  @Test
  void scopeAsAStringIsAJsonMappingProblem() {
    SimHttp.Reply r = create(platformBody("s").put("scope", "storage:logs:write storage:logs:read"));

    assertAccountError(r, 400, "Problem with json mapping.");
    assertEquals("Problem with json mapping.", r.accountMessage());
  }

  @Test
  void nonStringScopeEntriesAndBadTypesAreJsonMappingProblems() {
    assertAccountError(create(platformBody("s").put("scope", new JsonArray().add(1))), 400, "Problem with json mapping.");
    assertAccountError(create(platformBody("s", "storage:logs:write").put("tags", "x")), 400, "Problem with json mapping.");
    assertAccountError(create(platformBody("s", "storage:logs:write").put("resource", "urn:x")), 400,
        "Problem with json mapping.");
    assertAccountError(http.raw(HttpMethod.POST, tokensPath(), "not json", "application/json", accountBearer()),
        400, "Problem with json mapping.");
  }

  @Test
  void unknownScopesAreInvalid() {
    assertEquals("Invalid scopes", create(platformBody("s", "storage:spans:write")).accountMessage());
    assertEquals("Invalid scopes", create(platformBody("s", "storage:logs:write",
        "environment-api:deployment:download")).accountMessage());
    assertAccountError(create(platformBody("s")), 400, "Invalid scopes");
    assertEquals(0, sim.counters().accountCreates());
  }

  @Test
  void everyCatalogScopeIsAccepted() {
    JsonObject body = platformBody("all").put("scope", new JsonArray(ScopeCatalog.PLATFORM));

    assertEquals(200, create(body).status());
    assertTrue(ScopeCatalog.isPlatformScope("openpipeline:events.sdlc:ingest"));
    assertTrue(ScopeCatalog.isPlatformScope("fleet-management:activegate.tokens:create"));
  }

  @Test
  void nameIsRequiredAndAtMost255Characters() {
    assertAccountError(create(platformBody(null, "storage:logs:write").put("name", (String) null)), 400, "name");
    assertAccountError(create(platformBody(" ", "storage:logs:write")), 400, "name");
    assertAccountError(create(platformBody("n".repeat(256), "storage:logs:write")), 400, "255");
    assertEquals(200, create(platformBody("n".repeat(255), "storage:logs:write")).status());
  }

  @Test
  void resourceMustBeThisAccountOrOneOfItsEnvironments() {
    JsonObject other = platformBody("r", "storage:logs:write")
        .put("resource", new JsonArray().add("urn:dtenvironment:zzz99999"));
    JsonObject foreignAccount = platformBody("r", "storage:logs:write")
        .put("resource", new JsonArray().add("urn:dtaccount:00000000-0000-0000-0000-000000000000"));

    assertAccountError(create(other), 400, "urn:dtenvironment:zzz99999");
    assertAccountError(create(foreignAccount), 400, "resource");
    assertAccountError(create(platformBody("r", "storage:logs:write").put("resource", new JsonArray())), 400,
        "resource");
    assertAccountError(create(platformBody("r", "storage:logs:write").putNull("resource")), 400, "resource");
    assertEquals(200, create(platformBody("r", "storage:logs:write")
        .put("resource", new JsonArray().add(info.accountUrn()))).status());
    assertEquals(200, create(platformBody("r", "storage:logs:write")
        .put("resource", new JsonArray().add("urn:dtenvironment:" + sim.siblingEnvironmentId()))).status());
  }

  @Test
  void expirationDateMustBeAFutureRfc3339Date() {
    assertAccountError(create(platformBody("e", "storage:logs:write").put("expirationDate", "2020-01-01T00:00:00Z")),
        400, "future");
    assertAccountError(create(platformBody("e", "storage:logs:write").put("expirationDate", "tomorrow")), 400,
        "expirationDate");
    assertEquals(200, create(platformBody("e", "storage:logs:write")
        .put("expirationDate", "2099-12-31T23:59:59+02:00")).status());
    assertEquals("2099-12-31T21:59:59.000Z", listPlatform("", accountBearer()).getJsonArray("results")
        .getJsonObject(0).getString("expirationDate"));
  }

  @Test
  void userUuidChoosesAUsableServiceUserAsOwner() {
    JsonObject first = mintPlatform(platformBody("su1", "storage:logs:write")
        .put("userUuid", info.serviceUserUuid()), accountBearer());
    mintPlatform(platformBody("su2", "storage:logs:write").put("userUuid", info.serviceUser2Uuid()), accountBearer());
    mintPlatform(platformBody("own", "storage:logs:write").put("userUuid", info.accountClientUserUuid()),
        accountBearer());

    JsonArray results = listPlatform("", accountBearer()).getJsonArray("results");

    assertEquals(info.serviceUserUuid() + "@service.sso.dynatrace.com", results.getJsonObject(0).getString("owner"));
    assertEquals(info.serviceUser2Uuid() + "@service.sso.dynatrace.com", results.getJsonObject(1).getString("owner"));
    assertEquals(info.accountClientUserUuid() + "@service.sso.dynatrace.com",
        results.getJsonObject(2).getString("owner"));
    for (int i = 0; i < 3; i++) {
      assertEquals(info.accountClientUserUuid() + "@service.sso.dynatrace.com",
          results.getJsonObject(i).getString("createdBy"));
    }
    assertEquals(first.getString("tokenId"), results.getJsonObject(0).getString("tokenId"));
  }

  @Test
  void aServiceUserTheClientMayNotUseIsForbidden() {
    String unusable = sim.unusableServiceUserUuid();
    String unknown = "11111111-2222-3333-4444-555555555555";

    assertAccountError(create(platformBody("x", "storage:logs:write").put("userUuid", unusable)), 403, unusable);
    assertAccountError(create(platformBody("x", "storage:logs:write").put("userUuid", unknown)), 403, unknown);
    assertEquals(0, listPlatform("", accountBearer()).getInteger("total"));
  }

  @Test
  void anotherAccountOrPathIsNotFoundInTheAccountEnvelope() {
    String other = "/iam/v1/accounts/00000000-0000-0000-0000-000000000000/platform-tokens";

    assertAccountError(http.get(other, accountBearer()), 404, "00000000-0000-0000-0000-000000000000");
    assertAccountError(http.post(other, platformBody("x", "storage:logs:write"), accountBearer()), 404, "not found");
    assertAccountError(http.get("/iam/v1/accounts/" + info.accountUuid() + "/service-users", accountBearer()),
        404, "Not found");
    assertAccountError(http.get(tokensPath() + "/dt0s16.ABCDEFGH", accountBearer()), 404, "Not found");
  }
}
