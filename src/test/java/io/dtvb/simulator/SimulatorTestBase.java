package io.dtvb.simulator;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** Starts a fresh in-process simulator on a random port for every test. */
abstract class SimulatorTestBase {
  static final String CLASSIC = "/api/v2";
  static final String PLATFORM = "/platform/classic/environment-api/v2";

  static Vertx vertx;
  DynatraceSimulator sim;
  SimulatorInfo info;
  SimHttp http;
  String admin;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    vertx.close().await();
  }

  @BeforeEach
  void startSimulator() {
    sim = DynatraceSimulator.start(vertx, options()).await();
    info = sim.info();
    http = new SimHttp(vertx, info.url());
    admin = SimHttp.apiToken(info.apiToken());
  }

  SimulatorOptions options() {
    return SimulatorOptions.defaults();
  }

  @AfterEach
  void stopSimulator() {
    http.close();
    sim.stop().await();
  }

  String managed() {
    return "/e/" + info.environmentId() + "/api/v2";
  }

  static JsonObject createBody(String name, String... scopes) {
    return new JsonObject().put("name", name).put("scopes", new JsonArray(List.of(scopes)));
  }

  /** Creates a token through the classic API as the admin and returns the 201 body. */
  JsonObject mint(JsonObject body) {
    SimHttp.Reply r = http.post(CLASSIC + "/apiTokens", body, admin);
    if (r.status() != 201) {
      throw new AssertionError("create failed: " + r.status() + " " + r.raw());
    }
    return r.json();
  }

  MultiMap grantForm(String scope) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap()
        .add("grant_type", "client_credentials")
        .add("client_id", info.oauthClientId())
        .add("client_secret", info.oauthClientSecret())
        .add("resource", info.oauthResource());
    if (scope != null) {
      form.add("scope", scope);
    }
    return form;
  }

  /** All four scopes of the seeded account client. */
  static final String ACCOUNT_SCOPES =
      "platform-token:tokens:write platform-token:tokens:manage account-idm-read account-idm-write";

  /** Path of this simulator's platform-tokens API. */
  String tokensPath() {
    return "/iam/v1/accounts/" + info.accountUuid() + "/platform-tokens";
  }

  String limitsPath() {
    return "/iam/v1/accounts/" + info.accountUuid() + "/limits";
  }

  /** A grant form for the account client with {@code resource=urn:dtaccount:<uuid>}. */
  MultiMap accountGrantForm(String clientId, String clientSecret, String scope) {
    return MultiMap.caseInsensitiveMultiMap()
        .add("grant_type", "client_credentials")
        .add("client_id", clientId)
        .add("client_secret", clientSecret)
        .add("scope", scope)
        .add("resource", info.accountUrn());
  }

  /** An account-API bearer of the seeded account client holding {@code scope}. */
  String accountBearer(String scope) {
    return grant(accountGrantForm(info.accountClientId(), info.accountClientSecret(), scope));
  }

  /** An account-API bearer of the seeded account client holding all four scopes. */
  String accountBearer() {
    return accountBearer(ACCOUNT_SCOPES);
  }

  String grant(MultiMap form) {
    SimHttp.Reply r = http.form("/sso/oauth2/token", form);
    if (r.status() != 200) {
      throw new AssertionError("grant failed: " + r.status() + " " + r.raw());
    }
    return SimHttp.bearer(r.json().getString("access_token"));
  }

  /** A platform-token create body for this environment. */
  JsonObject platformBody(String name, String... scopes) {
    return new JsonObject().put("name", name).put("scope", new JsonArray(List.of(scopes)))
        .put("resource", new JsonArray().add(info.environmentUrn()));
  }

  /** Mints a platform token through the account API as {@code bearer}; returns {name, tokenId, token}. */
  JsonObject mintPlatform(JsonObject body, String bearer) {
    SimHttp.Reply r = http.post(tokensPath(), body, bearer);
    if (r.status() != 200) {
      throw new AssertionError("platform-token create failed: " + r.status() + " " + r.raw());
    }
    return r.json();
  }

  /** The list answer (200) for {@code query} (e.g. "?searchTerm=x"). */
  JsonObject listPlatform(String query, String bearer) {
    SimHttp.Reply r = http.get(tokensPath() + query, bearer);
    if (r.status() != 200) {
      throw new AssertionError("list failed: " + r.status() + " " + r.raw());
    }
    return r.json();
  }

  /** A bearer from the simulated SSO holding {@code scope}. */
  String bearer(String scope) {
    SimHttp.Reply r = http.form("/sso/oauth2/token", grantForm(scope));
    if (r.status() != 200) {
      throw new AssertionError("grant failed: " + r.status() + " " + r.raw());
    }
    return SimHttp.bearer(r.json().getString("access_token"));
  }
}
