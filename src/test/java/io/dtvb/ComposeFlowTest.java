package io.dtvb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml end to end, against the stack scripts/containers.sh brought up with
 * {@code docker-compose --profile replicas up --build -d}: Vault with the plugin, the sidecar and the
 * simulator; init mounted the engine. A creds read mints a token that authenticates at the simulator
 * and revoking the lease deletes it; a mint through each sidecar replica lands in one shared lease log
 * (PostgreSQL). Addresses come from DVB_COMPOSE_VAULT_URL and DVB_COMPOSE_SIMULATOR_URL
 * (DVB_COMPOSE_OPENBAO_URL for the openbao profile, when it was brought up).
 */
@Tag("containers")
class ComposeFlowTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private static String url(String name) {
    String v = System.getenv(name);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException(name + " is not set: run scripts/containers.sh, which brings"
          + " docker-compose.yml up and passes the published addresses");
    }
    return v;
  }

  private JsonNode call(String method, String url, String body, String header, String value) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header(header, value)
        .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode parsed = JSON.readTree(r.body().isBlank() ? "{}" : r.body());
    ObjectNode node = parsed instanceof ObjectNode o ? o : JSON.createObjectNode().set("_body", parsed);
    return node.put("_status", r.statusCode());
  }

  private JsonNode server(String base, String method, String path, String body) throws Exception {
    return call(method, base + "/v1/" + path, body, "X-Vault-Token", "root");
  }

  private int lookup(String token) throws Exception {
    return call("POST", url("DVB_COMPOSE_SIMULATOR_URL") + "/api/v2/apiTokens/lookup",
        "{\"token\":\"" + token + "\"}", "Authorization", "Api-Token " + token).get("_status").asInt();
  }

  private void mintAuthenticateRevoke(String base, String mount) throws Exception {
    JsonNode creds = server(base, "GET", mount + "/creds/demo", null);
    assertEquals(200, creds.get("_status").asInt(), creds.toString());
    String token = creds.at("/data/token").asText();
    assertTrue(token.startsWith("dt0c01."), "a classic token");
    assertEquals(200, lookup(token), "the minted token authenticates at the simulator");

    server(base, "PUT", "sys/leases/revoke", "{\"lease_id\":\"" + creds.get("lease_id").asText() + "\"}");
    int status = 200;
    for (int i = 0; i < 60 && status == 200; i++) {
      Thread.sleep(500);
      status = lookup(token);
    }
    assertEquals(401, status, "the revoked lease's token must stop authenticating");
  }

  @Test
  void composeMintsATokenThatWorksAndRevokingTheLeaseDeletesIt() throws Exception {
    mintAuthenticateRevoke(url("DVB_COMPOSE_VAULT_URL"), "dynatrace");
  }

  @Test
  void aMintThroughEachReplicaLandsInOneLeaseLog() throws Exception {
    String vault = url("DVB_COMPOSE_VAULT_URL");
    List<String> tokenIds = new ArrayList<>();
    List<String> leases = new ArrayList<>();
    for (String mount : List.of("dynatrace-r1", "dynatrace-r2", "dynatrace-replicas")) {
      JsonNode creds = server(vault, "GET", mount + "/creds/demo", null);
      assertEquals(200, creds.get("_status").asInt(), mount + ": " + creds);
      tokenIds.add(creds.at("/data/token_id").asText());
      leases.add(creds.get("lease_id").asText());
    }
    // Each mount reads its own view of the log through its replica: its own mint is there, the
    // three mints hold three places of one sequence, and both replicas sign the same tree.
    List<String> mounts = List.of("dynatrace-r1", "dynatrace-r2", "dynatrace-replicas");
    java.util.Set<Long> indices = new java.util.TreeSet<>();
    for (int i = 0; i < mounts.size(); i++) {
      JsonNode view = server(vault, "GET", mounts.get(i) + "/lease-log/entries?start=0&end=1000", null);
      assertEquals(200, view.get("_status").asInt(), view.toString());
      String mint = mounts.get(i) + "/ " + tokenIds.get(i);
      List<Long> found = new ArrayList<>();
      view.at("/data/entries").forEach(e -> {
        if ("minted".equals(e.path("type").asText())
            && mint.equals(e.path("mount").asText() + " " + e.path("token_id").asText())) {
          found.add(e.path("index").asLong());
        }
      });
      assertEquals(1, found.size(), mounts.get(i) + "'s own mint in its view: " + view.at("/data/entries"));
      indices.add(found.get(0));
    }
    assertEquals(3, indices.size(), "three mints, three places in one log: " + indices);
    JsonNode viaFirst = server(vault, "GET", "dynatrace-r1/lease-log/checkpoint", null);
    JsonNode viaSecond = server(vault, "GET", "dynatrace-r2/lease-log/checkpoint", null);
    assertEquals(200, viaFirst.get("_status").asInt(), viaFirst.toString());
    assertEquals(viaFirst.at("/data/root"), viaSecond.at("/data/root"), "one log behind both replicas");
    assertTrue(viaFirst.at("/data/size").asLong() > ((java.util.TreeSet<Long>) indices).last(),
        "the checkpoint covers every mint: " + viaFirst);
    for (String lease : leases) {
      server(vault, "PUT", "sys/leases/revoke", "{\"lease_id\":\"" + lease + "\"}");
    }
  }

  @Test
  void composeOpenBaoProfileMintsAndRevokes() throws Exception {
    String bao = System.getenv("DVB_COMPOSE_OPENBAO_URL");
    Assumptions.assumeTrue(bao != null && !bao.isBlank(),
        "the openbao profile was not brought up (scripts/containers.sh needs a bao binary: DVB_BAO_BIN)");
    mintAuthenticateRevoke(bao, "dynatrace");
  }
}
