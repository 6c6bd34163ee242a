package io.dtvb.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The bad_request fault's three body shapes on the SSO token endpoint. */
class SimulatorSsoErrorShapesTest extends SimulatorTestBase {
  private static final String READ = "environment-api:api-tokens:read";

  private SimHttp.Reply grantOnce() {
    return http.form("/sso/oauth2/token", grantForm(READ));
  }

  @Test
  void oauthShape() {
    sim.faults().set(FaultSpec.badRequest(1, "oauth"));

    SimHttp.Reply r = grantOnce();

    assertEquals(400, r.status());
    assertTrue(r.headers().get("Content-Type").startsWith("application/json"));
    assertEquals(Set.of("error", "error_description"), r.json().fieldNames());
    assertEquals("invalid_request", r.json().getString("error"));
    assertEquals(200, grantOnce().status());
    assertEquals(1, sim.counters().badRequests());
  }

  @Test
  void errorCodeShape() {
    sim.faults().set(FaultSpec.badRequest(1, FaultSpec.BODY_ERROR_CODE));

    SimHttp.Reply r = grantOnce();

    assertEquals(400, r.status());
    JsonObject body = r.json();
    assertEquals(Set.of("errorCode", "message", "issueId"), body.fieldNames());
    assertEquals(400, body.getInteger("errorCode"));
    assertEquals("Bad Request", body.getString("message"));
    assertEquals(body.getString("issueId"), UUID.fromString(body.getString("issueId")).toString());
  }

  @Test
  void textShape() {
    sim.faults().set(FaultSpec.badRequest(1, FaultSpec.BODY_TEXT));

    SimHttp.Reply r = grantOnce();

    assertEquals(400, r.status());
    assertTrue(r.headers().get("Content-Type").startsWith("text/plain"));
    assertEquals("Bad Request", r.raw().toString());
  }

  @Test
  void theFactoryTargetsTheSsoTokenPathOnly() {
    FaultSpec spec = FaultSpec.badRequest(-1, "oauth");
    sim.faults().set(spec);

    assertEquals(FaultSpec.SSO_TOKEN_PATH, spec.pathPrefix());
    assertEquals(200, http.get(CLASSIC + "/apiTokens", admin).status());
    assertEquals(400, grantOnce().status());
    assertEquals(400, grantOnce().status());
    sim.faults().clear();
    assertEquals(200, grantOnce().status());
  }

  @Test
  void scriptableOverHttp() {
    SimHttp.Reply set = http.post("/_sim/faults", new JsonObject().put("mode", "bad_request").put("count", 1)
        .put("body", "error_code").put("path_prefix", "/sso/oauth2/token"), null);

    assertEquals(200, set.status());
    assertEquals("bad_request", set.json().getString("mode"));
    assertEquals("error_code", set.json().getString("body"));
    assertEquals(400, set.json().getInteger("status"));
    assertEquals(400, grantOnce().json().getInteger("errorCode"));
    assertEquals(400, http.post("/_sim/faults", new JsonObject().put("mode", "bad_request").put("body", "html"),
        null).status());
    assertEquals(400, http.post("/_sim/faults", new JsonObject().put("mode", "bad_request").put("status", 500),
        null).status());
    assertEquals("oauth", FaultSpec.fromJson(new JsonObject().put("mode", "bad_request")).body());
  }

  @Test
  void otherModesCarryNoBodyShape() {
    assertNull(FaultSpec.rateLimit(1).body());
    assertNull(FaultSpec.rateLimit(1).toJson().getString("body"));
    assertThrows(IllegalArgumentException.class, () -> FaultSpec.badRequest(1, "xml"));
  }
}
