package io.dtvb.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Which credential each base path accepts, and the simulated SSO token endpoint. */
class SimulatorAuthModesTest extends SimulatorTestBase {
  private static final String RW = "environment-api:api-tokens:read environment-api:api-tokens:write";

  @Test
  void ssoGrantReturnsAJwtShapedBearerWithDocumentedFields() {
    SimHttp.Reply r = http.form("/sso/oauth2/token", grantForm(RW));

    assertEquals(200, r.status());
    JsonObject body = r.json();
    assertEquals("Bearer", body.getString("token_type"));
    assertEquals(300, body.getInteger("expires_in"));
    assertEquals(RW, body.getString("scope"));
    assertEquals(info.oauthResource(), body.getString("resource"));
    assertEquals(3, body.getString("access_token").split("\\.").length);
    assertEquals(1, sim.counters().ssoGrants());
  }

  @Test
  void bearerWorksOnlyOnThePlatformPath() {
    String bearer = bearer(RW);

    SimHttp.Reply platform = http.post(PLATFORM + "/apiTokens", createBody("oauth", "metrics.read"), bearer);
    SimHttp.Reply classic = http.get(CLASSIC + "/apiTokens", bearer);
    SimHttp.Reply managed = http.get(managed() + "/apiTokens", bearer);

    assertEquals(201, platform.status());
    assertEquals(401, classic.status());
    assertEquals(401, managed.status());
  }

  @Test
  void apiTokenIsRejectedOnThePlatformPath() {
    SimHttp.Reply r = http.get(PLATFORM + "/apiTokens", admin);

    assertEquals(401, r.status());
    assertTrue(r.errorMessage().contains("Bearer"));
  }

  @Test
  void tokensCreatedByAnOAuthClientAreOwnedByTheClient() {
    String bearer = bearer(RW);
    String id = http.post(PLATFORM + "/apiTokens", createBody("o", "metrics.read"), bearer).json().getString("id");

    assertEquals(info.oauthClientId(), http.get(PLATFORM + "/apiTokens/" + id, bearer).json().getString("owner"));
  }

  @Test
  void readScopeAllowsListAndLookupButNotCreate() {
    String reader = bearer("environment-api:api-tokens:read");
    JsonObject created = mint(createBody("x", "metrics.read"));

    SimHttp.Reply create = http.post(PLATFORM + "/apiTokens", createBody("y", "metrics.read"), reader);

    assertEquals(200, http.get(PLATFORM + "/apiTokens", reader).status());
    assertEquals(200, http.post(PLATFORM + "/apiTokens/lookup",
        new JsonObject().put("token", created.getString("token")), reader).status());
    assertEquals(403, create.status());
    assertTrue(create.errorMessage().contains("environment-api:api-tokens:write"));
  }

  @Test
  void bearerStopsWorkingWhenItsLifetimeEnds() {
    String bearer = bearer(RW);
    assertEquals(200, http.get(PLATFORM + "/apiTokens", bearer).status());

    sim.clock().advance(Duration.ofSeconds(301));

    assertEquals(401, http.get(PLATFORM + "/apiTokens", bearer).status());
  }

  @Test
  void unknownBearerIsUnauthorized() {
    assertEquals(401, http.get(PLATFORM + "/apiTokens", SimHttp.bearer("a.b.c")).status());
    assertEquals(401, http.get(PLATFORM + "/apiTokens", null).status());
  }

  @Test
  void ssoRejectsAWrongSecret() {
    MultiMap form = grantForm(RW).set("client_secret", info.oauthClientId() + ".WRONG");

    assertOAuthError(form, "invalid_client");
  }

  @Test
  void ssoRejectsAnUnknownClient() {
    assertOAuthError(grantForm(RW).set("client_id", "dt0s02.UNKNOWN1"), "invalid_client");
  }

  @Test
  void ssoRejectsAScopeTheClientDoesNotHold() {
    SimHttp.Reply r = assertOAuthError(grantForm("account-idm-write"), "invalid_request");

    assertTrue(r.json().getString("error_description").contains("account-idm-write"));
  }

  @Test
  void ssoRejectsOtherGrantTypesAndForeignResources() {
    assertOAuthError(grantForm(RW).set("grant_type", "password"), "unsupported_grant_type");
    assertOAuthError(grantForm(RW).set("resource", "urn:dtaccount:00000000-0000-0000-0000-000000000000"),
        "invalid_request");
  }

  @Test
  void ssoAcceptsTheEnvironmentUrnAsResource() {
    MultiMap form = grantForm(RW).set("resource", "urn:dtenvironment:" + info.environmentId());

    assertEquals(200, http.form("/sso/oauth2/token", form).status());
  }

  private SimHttp.Reply assertOAuthError(MultiMap form, String error) {
    SimHttp.Reply r = http.form("/sso/oauth2/token", form);
    assertEquals(400, r.status());
    assertEquals(error, r.json().getString("error"));
    return r;
  }
}
