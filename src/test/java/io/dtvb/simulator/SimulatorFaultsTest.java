package io.dtvb.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The fault switch, through the Java API and over {@code /_sim/}. */
class SimulatorFaultsTest extends SimulatorTestBase {

  @Test
  void rateLimitAnswers429WithEnvelopeAndHeadersThenRecovers() {
    sim.faults().set(FaultSpec.rateLimit(1));

    SimHttp.Reply limited = http.get(CLASSIC + "/apiTokens", admin);
    SimHttp.Reply next = http.get(CLASSIC + "/apiTokens", admin);

    assertEquals(429, limited.status());
    assertEquals(429, limited.json().getJsonObject("error").getInteger("code"));
    assertEquals("1", limited.headers().get("Retry-After"));
    assertEquals("0", limited.headers().get("X-RateLimit-Remaining"));
    assertTrue(limited.headers().get("X-RateLimit-Limit").matches("\\d+"));
    long resetMicros = Long.parseLong(limited.headers().get("X-RateLimit-Reset"));
    assertTrue(resetMicros > sim.clock().now().toEpochMilli() * 1000L - 1_000_000L);
    assertEquals(200, next.status());
    assertEquals(1, sim.counters().rateLimited());
  }

  @Test
  void serverErrorAnswersTheConfiguredStatusUntilCleared() {
    sim.faults().set(FaultSpec.serverError(502, -1));

    assertEquals(502, http.get(CLASSIC + "/apiTokens", admin).status());
    assertEquals(502, http.get(CLASSIC + "/apiTokens", admin).status());
    sim.faults().clear();
    assertEquals(200, http.get(CLASSIC + "/apiTokens", admin).status());
  }

  @Test
  void outageDropsTheConnectionWithoutAnswer() {
    sim.faults().set(FaultSpec.outage(1));

    assertThrows(RuntimeException.class, () -> http.get(CLASSIC + "/apiTokens", admin));
    assertEquals(200, http.get(CLASSIC + "/apiTokens", admin).status());
  }

  @Test
  void latencyDelaysButStillAnswers() {
    sim.faults().set(FaultSpec.latency(20, 1));

    assertEquals(200, http.get(CLASSIC + "/apiTokens", admin).status());
    assertEquals("none", sim.faults().current().toJson().getString("mode"));
  }

  @Test
  void latencyStillCreatesTheTokenWhenTheCallerGivesUp() throws Exception {
    sim.faults().set(FaultSpec.latency(1500, 1));
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    String body = new JsonObject().put("name", "lost-answer").put("scopes", new io.vertx.core.json.JsonArray()
        .add("metrics.read")).encode();
    java.net.http.HttpRequest create = java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(sim.info().url() + CLASSIC + "/apiTokens"))
        .header("Authorization", admin).header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();

    var pending = client.sendAsync(create, java.net.http.HttpResponse.BodyHandlers.ofString());
    // The caller gives up once the request is held at the server (the one-shot fault is consumed),
    // however long the request took to get there on a loaded machine.
    for (int i = 0; i < 200 && sim.faults().current().mode() != FaultSpec.Mode.NONE; i++) {
      Thread.sleep(50);
    }
    assertEquals(FaultSpec.Mode.NONE, sim.faults().current().mode(), "the create never reached the simulator");
    assertTrue(pending.cancel(true) || pending.isDone());
    boolean created = false;
    for (int i = 0; i < 200 && !created; i++) {
      Thread.sleep(100);
      created = http.get(CLASSIC + "/apiTokens", admin).json().getJsonArray("apiTokens").stream()
          .anyMatch(t -> "lost-answer".equals(((JsonObject) t).getString("name")));
    }
    assertTrue(created, "the create must complete although its answer was lost");
  }

  @Test
  void pathPrefixLimitsTheFault() {
    sim.faults().set(FaultSpec.serverError(503, -1).onPath("/sso/"));

    assertEquals(200, http.get(CLASSIC + "/apiTokens", admin).status());
    assertEquals(503, http.form("/sso/oauth2/token", grantForm("environment-api:api-tokens:read")).status());
  }

  @Test
  void faultsAreScriptableOverHttpAndNeverAffectTheControls() {
    SimHttp.Reply set = http.post("/_sim/faults", new JsonObject().put("mode", "server_error").put("count", -1)
        .put("status", 500), null);

    assertEquals(200, set.status());
    assertEquals(500, http.get(CLASSIC + "/apiTokens", admin).status());
    assertEquals(200, http.get("/_sim/state", null).status());
    assertEquals("server_error", http.get("/_sim/faults", null).json().getString("mode"));
    assertEquals(204, http.delete("/_sim/faults", null).status());
    assertEquals(200, http.get(CLASSIC + "/apiTokens", admin).status());
  }

  @Test
  void invalidFaultIsRejected() {
    assertEquals(400, http.post("/_sim/faults", new JsonObject().put("mode", "meltdown"), null).status());
    assertEquals(400, http.post("/_sim/faults", new JsonObject().put("mode", "server_error")
        .put("status", 200), null).status());
    assertEquals(400, http.post("/_sim/faults", new JsonObject().put("mode", "latency"), null).status());
  }

  @Test
  void rateLimitCountsAndStateAreVisibleOverHttp() {
    http.post("/_sim/faults", new JsonObject().put("mode", "rate_limit").put("count", 2), null);
    http.get(CLASSIC + "/apiTokens", admin);
    http.get(CLASSIC + "/apiTokens", admin);
    http.get(CLASSIC + "/apiTokens", admin);

    JsonObject counters = http.get("/_sim/state", null).json().getJsonObject("counters");
    assertEquals(2, counters.getLong("rate_limited"));
  }

  @Test
  void clockCanBeAdvancedOverHttp() {
    JsonObject created = mint(createBody("short", "metrics.read").put("expirationDate", "now+1h"));
    String self = SimHttp.apiToken(created.getString("token"));
    JsonObject lookup = new JsonObject().put("token", created.getString("token"));

    assertEquals(200, http.post("/_sim/clock", new JsonObject().put("advance_seconds", 3601), null).status());

    assertEquals(401, http.post(CLASSIC + "/apiTokens/lookup", lookup, self).status());
  }
}
