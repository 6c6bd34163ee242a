package io.dtvb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * docker-compose.yml end to end where Docker runs (Testcontainers; skipped without a Docker
 * daemon): OpenBao with the plugin, the sidecar and the simulator come up, init mounts the engine,
 * a creds read mints a token that authenticates at the simulator, and revoking the lease deletes it.
 */
@Testcontainers(disabledWithoutDocker = true)
class ComposeFlowTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ComposeContainer compose;

  @BeforeAll
  static void up() {
    Assumptions.assumeTrue(Files.exists(Path.of("target/dynatrace-vault-bridge.jar")),
        "the compose images copy target/dynatrace-vault-bridge.jar: run mvn package first");
    compose = new ComposeContainer(new File("docker-compose.yml"))
        .withBuild(true)
        .withExposedService("openbao", 8200, Wait.forHttp("/v1/sys/health").forStatusCode(200))
        .withExposedService("simulator", 8080)
        .waitingFor("init", Wait.forLogMessage(".*dynatrace engine ready.*", 1)
            .withStartupTimeout(Duration.ofMinutes(5)));
    compose.start();
  }

  @AfterAll
  static void down() {
    if (compose != null) {
      compose.stop();
    }
  }

  private final HttpClient http = HttpClient.newHttpClient();

  private JsonNode call(String method, String url, String body, String header, String value) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header(header, value)
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return ((com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(r.body().isEmpty() ? "{}" : r.body()))
        .put("_status", r.statusCode());
  }

  @Test
  void composeMintsATokenThatWorksAndRevokingTheLeaseDeletesIt() throws Exception {
    String bao = "http://" + compose.getServiceHost("openbao", 8200) + ":" + compose.getServicePort("openbao", 8200);
    String sim = "http://" + compose.getServiceHost("simulator", 8080) + ":" + compose.getServicePort("simulator", 8080);

    JsonNode creds = call("GET", bao + "/v1/dynatrace/creds/demo", null, "X-Vault-Token", "root");
    assertEquals(200, creds.get("_status").asInt(), creds.toString());
    String token = creds.at("/data/token").asText();
    String lookup = "{\"token\":\"" + token + "\"}";
    assertEquals(200, call("POST", sim + "/api/v2/apiTokens/lookup", lookup, "Authorization", "Api-Token " + token)
        .get("_status").asInt());

    call("PUT", bao + "/v1/sys/leases/revoke", "{\"lease_id\":\"" + creds.get("lease_id").asText() + "\"}",
        "X-Vault-Token", "root");
    int status = 200;
    for (int i = 0; i < 60 && status == 200; i++) {
      Thread.sleep(500);
      status = call("POST", sim + "/api/v2/apiTokens/lookup", lookup, "Authorization", "Api-Token " + token)
          .get("_status").asInt();
    }
    assertEquals(401, status, "the revoked lease's token must stop authenticating");
    assertTrue(token.startsWith("dt0c01."));
  }
}
