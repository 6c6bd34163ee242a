package io.dtvb.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The bearer lifetime is configurable for tests. */
class SimulatorBearerLifetimeTest extends SimulatorTestBase {

  @Override
  SimulatorOptions options() {
    return SimulatorOptions.defaults().withBearerLifetime(Duration.ofSeconds(42));
  }

  @Test
  void configuredLifetimeIsAnnouncedAndEnforced() {
    SimHttp.Reply r = http.form("/sso/oauth2/token", grantForm("environment-api:api-tokens:read"));
    String bearer = SimHttp.bearer(r.json().getString("access_token"));

    assertEquals(42, r.json().getInteger("expires_in"));
    assertEquals(200, http.get(PLATFORM + "/apiTokens", bearer).status());
    sim.clock().advance(Duration.ofSeconds(42));
    assertEquals(401, http.get(PLATFORM + "/apiTokens", bearer).status());
  }
}
