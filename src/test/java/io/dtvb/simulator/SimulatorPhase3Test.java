package io.dtvb.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.cli.SimulatorCommand;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Phase 3: classic token creation refused on every path, everything else unchanged. */
class SimulatorPhase3Test extends SimulatorTestBase {
  private static final String REFUSAL = "Creation of new tokens is now only available in Account Management.";

  private static void assertRefused(SimHttp.Reply r) {
    assertEquals(400, r.status(), r.raw().toString());
    assertEquals(400, r.json().getJsonObject("error").getInteger("code"));
    assertEquals(REFUSAL, r.errorMessage());
  }

  @Test
  void offByDefault() {
    assertFalse(sim.phase3());
    assertFalse(http.get("/_sim/state", null).json().getBoolean("phase3"));
    assertEquals(201, http.post(CLASSIC + "/apiTokens", createBody("x", "metrics.read"), admin).status());
  }

  @Test
  void classicCreateIsRefusedOnAllThreeFlavors() {
    sim.phase3(true);

    assertRefused(http.post(CLASSIC + "/apiTokens", createBody("c", "metrics.read"), admin));
    assertRefused(http.post(managed() + "/apiTokens", createBody("m", "metrics.read"), admin));
    assertRefused(http.post(PLATFORM + "/apiTokens", createBody("p", "metrics.read"),
        bearer("environment-api:api-tokens:write")));
    assertRefused(http.post(PLATFORM + "/apiTokens", createBody("p", "metrics.read"),
        SimHttp.bearer(info.platformToken())));
    assertEquals(0, sim.counters().creates());
    assertTrue(sim.state().getBoolean("phase3"));
  }

  @Test
  void authenticationAndScopesAreStillCheckedFirst() {
    sim.phase3(true);

    assertEquals(401, http.post(CLASSIC + "/apiTokens", createBody("c", "metrics.read"), null).status());
    IssuedToken reader = sim.createToken("reader", List.of("apiTokens.read"), null);
    assertEquals(403, http.post(CLASSIC + "/apiTokens", createBody("c", "metrics.read"),
        SimHttp.apiToken(reader.token())).status());
  }

  @Test
  void existingClassicTokensCanStillBeReadLookedUpUpdatedAndDeleted() {
    JsonObject created = mint(createBody("before", "metrics.read"));
    String id = created.getString("id");
    sim.phase3(true);

    assertEquals(200, http.get(CLASSIC + "/apiTokens", admin).status());
    assertEquals(200, http.get(CLASSIC + "/apiTokens/" + id, admin).status());
    assertEquals(200, http.post(CLASSIC + "/apiTokens/lookup", new JsonObject().put("token",
        created.getString("token")), admin).status());
    assertEquals(200, http.get(PLATFORM + "/apiTokens/" + id, bearer("environment-api:api-tokens:read")).status());
    assertEquals(204, http.put(CLASSIC + "/apiTokens/" + id, new JsonObject().put("name", "renamed"), admin).status());
    assertEquals(204, http.delete(managed() + "/apiTokens/" + id, admin).status());
  }

  @Test
  void theAccountApiKeepsWorking() {
    sim.phase3(true);

    assertEquals(200, http.post(tokensPath(), platformBody("p3", "storage:logs:write"), accountBearer()).status());
  }

  @Test
  void switchableOverHttp() {
    SimHttp.Reply on = http.post("/_sim/phase3", new JsonObject().put("enabled", true), null);

    assertEquals(200, on.status());
    assertEquals(new JsonObject().put("phase3", true), on.json());
    assertTrue(sim.phase3());
    assertRefused(http.post(CLASSIC + "/apiTokens", createBody("c", "metrics.read"), admin));

    SimHttp.Reply off = http.post("/_sim/phase3", new JsonObject().put("enabled", false), null);
    assertEquals(new JsonObject().put("phase3", false), off.json());
    assertEquals(201, http.post(CLASSIC + "/apiTokens", createBody("c", "metrics.read"), admin).status());
    assertEquals(400, http.post("/_sim/phase3", new JsonObject().put("enabled", "yes"), null).status());
    assertEquals(400, http.post("/_sim/phase3", new JsonObject(), null).status());
  }

  @Test
  void optionsCanStartInPhase3() {
    DynatraceSimulator p3 = DynatraceSimulator.start(vertx, SimulatorOptions.defaults().withPhase3(true)).await();
    try (SimHttp other = new SimHttp(vertx, p3.info().url())) {
      assertTrue(p3.phase3());
      assertRefused(other.post(CLASSIC + "/apiTokens", createBody("c", "metrics.read"),
          SimHttp.apiToken(p3.info().apiToken())));
    } finally {
      p3.stop().await();
    }
    assertFalse(SimulatorOptions.defaults().phase3());
  }

  @Test
  void theCliFlagSetsTheOption() {
    SimulatorCommand on = new SimulatorCommand();
    new CommandLine(on).parseArgs("--phase3", "--port", "0");
    SimulatorCommand off = new SimulatorCommand();
    new CommandLine(off).parseArgs();

    assertTrue(on.options().phase3());
    assertFalse(off.options().phase3());
  }
}
