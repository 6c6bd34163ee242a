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

  /** A bearer from the simulated SSO holding {@code scope}. */
  String bearer(String scope) {
    SimHttp.Reply r = http.form("/sso/oauth2/token", grantForm(scope));
    if (r.status() != 200) {
      throw new AssertionError("grant failed: " + r.status() + " " + r.raw());
    }
    return SimHttp.bearer(r.json().getString("access_token"));
  }
}
