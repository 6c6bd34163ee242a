package io.dtvb.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Who may call the account API: SSO bearers for the account resource with the right scopes only. */
class SimulatorAccountAuthTest extends SimulatorTestBase {

  private static JsonObject claims(String bearerHeader) {
    String jwt = bearerHeader.substring("Bearer ".length());
    return new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  private String tokenFrom(MultiMap form) {
    SimHttp.Reply r = http.form("/sso/oauth2/token", form);
    assertEquals(200, r.status(), r.raw().toString());
    return SimHttp.bearer(r.json().getString("access_token"));
  }

  @Test
  void accountClientBearerCarriesItsSubjectUserAsSub() {
    JsonObject account = claims(accountBearer());
    JsonObject environment = claims(bearer("environment-api:api-tokens:read"));

    assertEquals(info.accountClientUserUuid(), account.getString("sub"));
    assertEquals(info.accountUrn(), account.getString("resource"));
    assertEquals(info.oauthClientId(), environment.getString("sub"));
  }

  @Test
  void infoLineCarriesTheAccountFieldsAndToStringHidesTheSecret() {
    JsonObject json = info.toJson();

    assertEquals(info.accountUuid(), json.getString("account_uuid"));
    assertEquals(info.url(), json.getString("account_api_url"));
    assertEquals(info.accountClientId(), json.getString("account_client_id"));
    assertTrue(json.getString("account_client_secret").startsWith(info.accountClientId() + "."));
    assertEquals(info.accountClientUserUuid(), json.getString("account_client_user_uuid"));
    assertEquals(info.serviceUserUuid(), json.getString("service_user_uuid"));
    assertEquals(info.serviceUser2Uuid(), json.getString("service_user_2_uuid"));
    assertEquals("urn:dtaccount:" + info.accountUuid(), info.oauthResource());
    assertEquals(info.url() + "/iam/v1/accounts/" + info.accountUuid() + "/platform-tokens", info.platformTokensApi());
    assertEquals("urn:dtenvironment:" + info.environmentId(), info.environmentUrn());
    assertFalse(info.toString().contains(info.accountClientSecret()));
    assertFalse(info.toString().contains(info.oauthClientSecret()));
  }

  @Test
  void ssoRefusesTheWholeRequestWhenOneScopeIsNotHeld() {
    SimHttp.Reply r = http.form("/sso/oauth2/token", accountGrantForm(info.accountClientId(),
        info.accountClientSecret(), "platform-token:tokens:write storage:logs:read"));

    assertEquals(400, r.status());
    assertEquals("invalid_request", r.json().getString("error"));
    assertTrue(r.json().getString("error_description").contains("storage:logs:read"));
  }

  @Test
  void aBearerForTheEnvironmentOrWithoutResourceIsForbidden() {
    MultiMap envForm = accountGrantForm(info.accountClientId(), info.accountClientSecret(), ACCOUNT_SCOPES)
        .set("resource", info.environmentUrn());
    MultiMap noResource = accountGrantForm(info.accountClientId(), info.accountClientSecret(), ACCOUNT_SCOPES)
        .remove("resource");

    SimHttp.Reply env = http.get(tokensPath(), tokenFrom(envForm));
    SimHttp.Reply none = http.get(tokensPath(), tokenFrom(noResource));

    assertEquals(403, env.status());
    assertEquals(Boolean.TRUE, env.json().getValue("error"));
    assertTrue(env.accountMessage().contains("resource=" + info.accountUrn()), env.accountMessage());
    assertEquals(403, none.status());
  }

  @Test
  void accessTokensAndPlatformTokensAreUnauthorized() {
    String minted = mintPlatform(platformBody("self", "platform-token:tokens:write", "platform-token:tokens:manage")
        .put("resource", new io.vertx.core.json.JsonArray().add(info.accountUrn())), accountBearer()).getString("token");

    assertEquals(401, http.get(tokensPath(), SimHttp.bearer(info.platformToken())).status());
    assertEquals(401, http.get(tokensPath(), SimHttp.bearer(minted)).status());
    assertEquals(401, http.post(tokensPath(), platformBody("x", "storage:logs:write"), SimHttp.bearer(minted)).status());
    assertEquals(401, http.get(tokensPath(), SimHttp.bearer(info.apiToken())).status());
    assertEquals(401, http.get(tokensPath(), admin).status());
    assertEquals(401, http.get(tokensPath(), null).status());
    assertEquals(401, http.get(tokensPath(), SimHttp.bearer("a.b.c")).status());
    assertEquals(Boolean.TRUE, http.get(tokensPath(), null).json().getValue("error"));
  }

  @Test
  void anExpiredBearerIsUnauthorized() {
    String bearer = accountBearer();
    sim.clock().advance(java.time.Duration.ofSeconds(301));

    assertEquals(401, http.get(tokensPath(), bearer).status());
  }

  @Test
  void theEnvironmentClientLacksTheAccountScopes() {
    String envClient = bearer("environment-api:api-tokens:read environment-api:api-tokens:write");

    SimHttp.Reply r = http.get(tokensPath(), envClient);

    assertEquals(403, r.status());
    assertTrue(r.accountMessage().contains("platform-token:tokens:manage"), r.accountMessage());
  }

  @Test
  void writeNeedsTokensWriteOrAccountIdmWrite() {
    String manageOnly = accountBearer("platform-token:tokens:manage");
    String idmRead = accountBearer("account-idm-read");
    String tokensWrite = accountBearer("platform-token:tokens:write");
    String idmWrite = accountBearer("account-idm-write");

    SimHttp.Reply refused = http.post(tokensPath(), platformBody("x", "storage:logs:write"), manageOnly);
    assertEquals(403, refused.status());
    assertTrue(refused.accountMessage().contains("platform-token:tokens:write"));
    assertEquals(403, http.post(tokensPath(), platformBody("x", "storage:logs:write"), idmRead).status());
    String a = mintPlatform(platformBody("a", "storage:logs:write"), tokensWrite).getString("tokenId");
    String b = mintPlatform(platformBody("b", "storage:logs:write"), idmWrite).getString("tokenId");
    JsonObject exp = new JsonObject().put("expirationDate", "2099-01-01T00:00:00Z");
    assertEquals(403, http.put(tokensPath() + "/" + a + "/expiration-date", exp, manageOnly).status());
    assertEquals(403, http.put(tokensPath() + "/" + a + "/status", new JsonObject().put("status", "INACTIVE"),
        idmRead).status());
    assertEquals(403, http.delete(tokensPath() + "/" + a, manageOnly).status());
    assertEquals(200, http.put(tokensPath() + "/" + a + "/expiration-date", exp, idmWrite).status());
    assertEquals(200, http.put(tokensPath() + "/" + b + "/status", new JsonObject().put("status", "INACTIVE"),
        tokensWrite).status());
    assertEquals(200, http.delete(tokensPath() + "/" + a, tokensWrite).status());
    assertEquals(200, http.delete(tokensPath() + "/" + b, idmWrite).status());
  }

  @Test
  void listAndLimitsNeedTokensManageOrAccountIdmRead() {
    String writeOnly = accountBearer("platform-token:tokens:write account-idm-write");

    assertEquals(403, http.get(tokensPath(), writeOnly).status());
    assertEquals(403, http.get(limitsPath(), writeOnly).status());
    assertEquals(200, http.get(tokensPath(), accountBearer("platform-token:tokens:manage")).status());
    assertEquals(200, http.get(tokensPath(), accountBearer("account-idm-read")).status());
    assertEquals(200, http.get(limitsPath(), accountBearer("platform-token:tokens:manage")).status());
    assertEquals(200, http.get(limitsPath(), accountBearer("account-idm-read")).status());
  }
}
