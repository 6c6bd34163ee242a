package io.dtvb.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.dtvb.dynatrace.DynatraceConnection;
import io.dtvb.dynatrace.DynatraceTokenApi;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Connections: a re-push of the same settings keeps the client; a new credential replaces it. */
class ConnectionServiceTest {
  private final List<DynatraceConnection> built = new ArrayList<>();
  private final List<SidecarRoutesTest.FakeApi> apis = new ArrayList<>();
  private final ConnectionService connections = new ConnectionService(c -> {
    built.add(c);
    SidecarRoutesTest.FakeApi api = new SidecarRoutesTest.FakeApi();
    apis.add(api);
    return api;
  });

  private static JsonObject oauth(String secret) {
    return new JsonObject().put("environment_url", "https://abc.apps.dynatrace.com").put("auth_mode", "oauth")
        .put("oauth_client_id", "dt0s02.CLIENT").put("oauth_client_secret", secret)
        .put("oauth_resource", "urn:dtaccount:abc");
  }

  @Test
  void sameSettingsAgainKeepTheClientAndItsCachedBearer() {
    connections.put("m1", oauth("secret-1"));
    DynatraceTokenApi first = connections.api("m1");

    connections.put("m1", oauth("secret-1"));

    assertSame(first, connections.api("m1"));
    assertEquals(1, built.size());
  }

  @Test
  void aReplacedClientSecretGetsANewClientAndTheOldOneIsClosed() {
    connections.put("m1", oauth("secret-1"));
    DynatraceTokenApi first = connections.api("m1");

    connections.put("m1", oauth("secret-2"));

    assertNotSame(first, connections.api("m1"));
    assertEquals("secret-2", built.get(1).oauthClientSecret());
    assertEquals(1, apis.get(0).closed);
    assertEquals("secret-2", connections.settings("m1").oauthClientSecret());
  }
}
