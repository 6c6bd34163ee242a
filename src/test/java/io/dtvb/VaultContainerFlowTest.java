package io.dtvb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dtvb.certs.PkiBundle;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;
import org.testcontainers.vault.VaultContainer;

/**
 * Vault in a container (Testcontainers' VaultContainer on the locally built image with the plugin, a
 * JRE and the launcher), with the sidecar and the simulator as containers on one network: the plugin
 * is registered and mounted through the HTTP API, mints a token that authenticates at the simulator,
 * renews, and revoking the lease deletes the token. Runs in the containers tier only
 * (scripts/containers.sh builds the images: DVB_VAULT_IMAGE, DVB_APP_IMAGE).
 */
@Tag("containers")
class VaultContainerFlowTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String VAULT_IMAGE = env("DVB_VAULT_IMAGE", "dvb-vault:local");
  private static final String APP_IMAGE = env("DVB_APP_IMAGE", "dvb-app:local");
  private static final String ROOT = "root";

  /** The sidecar's command line, in one place (the simulator is on its loopback: it shares its network). */
  private static final List<String> SIDECAR_COMMAND = List.of("sidecar",
      "--listen", "0.0.0.0:8443", "--tls-cert", "/certs/sidecar.pem", "--tls-key", "/certs/sidecar-key.pem",
      "--client-ca", "/certs/ca.pem", "--ops-listen", "0.0.0.0:9090", "--data-dir", "/data",
      "--allow-loopback-dynatrace");

  @TempDir static Path certs;
  private static Network network;
  private static GenericContainer<?> simulator;
  private static GenericContainer<?> sidecar;
  private static VaultContainer<?> vault;
  private static final StringBuilder SIDECAR_LOG = new StringBuilder();
  private static String simulatorUrl;
  private static String vaultUrl;
  private static String apiToken;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  @BeforeAll
  static void up() throws Exception {
    PkiBundle.generate(List.of("simulator"), Duration.ofDays(1)).write(certs, false);
    network = Network.newNetwork();
    simulator = new GenericContainer<>(DockerImageName.parse(APP_IMAGE))
        .withNetwork(network).withNetworkAliases("simulator")
        .withCommand("simulator", "--host", "0.0.0.0", "--port", "8080", "--quiet")
        .withExposedPorts(8080, 9090)  // 9090: the sidecar's ops listener (it shares this network namespace)
        .waitingFor(Wait.forLogMessage(".*\"api_token\".*", 1).withStartupTimeout(Duration.ofMinutes(2)));
    simulator.start();
    String info = simulator.getLogs(OutputFrame.OutputType.STDOUT).lines()
        .filter(l -> l.contains("\"api_token\"")).findFirst().orElseThrow();
    apiToken = JSON.readTree(info).get("api_token").asText();
    simulatorUrl = "http://" + simulator.getHost() + ":" + simulator.getMappedPort(8080);

    sidecar = new GenericContainer<>(DockerImageName.parse(APP_IMAGE))
        .withNetworkMode("container:" + simulator.getContainerId())
        .withCommand(SIDECAR_COMMAND.toArray(String[]::new))
        .withLogConsumer(frame -> SIDECAR_LOG.append(frame.getUtf8String()))
        .waitingFor(Wait.forLogMessage(".*\"url\".*", 1).withStartupTimeout(Duration.ofMinutes(2)));
    for (String f : List.of("ca.pem", "sidecar.pem", "sidecar-key.pem")) {
      sidecar.withCopyFileToContainer(MountableFile.forHostPath(certs.resolve(f), 0644), "/certs/" + f);
    }
    try {
      sidecar.start();
    } catch (RuntimeException e) {
      throw new AssertionError("the sidecar did not start (command: " + String.join(" ", SIDECAR_COMMAND)
          + "); its log:\n" + SIDECAR_LOG, e);
    }

    vault = new VaultContainer<>(DockerImageName.parse(VAULT_IMAGE).asCompatibleSubstituteFor("hashicorp/vault"))
        .withVaultToken(ROOT).withNetwork(network).withNetworkAliases("vault");
    vault.start();
    vaultUrl = "http://" + vault.getHost() + ":" + vault.getMappedPort(8200);
  }

  @AfterAll
  static void down() {
    for (GenericContainer<?> c : new GenericContainer<?>[] {vault, sidecar, simulator}) {
      if (c != null) {
        c.stop();
      }
    }
    if (network != null) {
      network.close();
    }
  }

  @Test
  void vaultContainerRegistersThePluginMintsRenewsAndRevokes() throws Exception {
    String sha = vault.execInContainer("cat", "/vault/dynatrace-plugin.sha256").getStdout().trim();
    String version = vault.execInContainer("cat", "/vault/dynatrace-plugin.version").getStdout().trim();
    assertEquals(64, sha.length(), "launcher SHA-256 in the image: " + sha);

    expect2xx(vaultCall("PUT", "sys/plugins/catalog/secret/dynatrace",
        Map.of("sha256", sha, "command", "dynatrace-plugin", "version", version)), "register the plugin");
    expect2xx(vaultCall("POST", "sys/mounts/dynatrace", Map.of("type", "dynatrace", "plugin_version", version)),
        "enable the engine");
    JsonNode config = vaultCall("PUT", "dynatrace/config", Map.of(
        "environment_url", "http://127.0.0.1:8080", "allow_http_loopback", true,
        "auth_mode", "api_token", "api_token", apiToken, "sidecar_url", "https://simulator:8443",
        "sidecar_ca_pem", pem("ca.pem"), "sidecar_client_cert_pem", pem("plugin.pem"),
        "sidecar_client_key_pem", pem("plugin-key.pem")));
    assertTrue(config.get("_status").asInt() < 300, "config write: " + config + sidecarState());
    expect2xx(vaultCall("PUT", "dynatrace/roles/ci",
        Map.of("scopes", "metrics.read,logs.ingest", "ttl", "10m", "max_ttl", "1h")), "write the role");

    JsonNode creds = vaultCall("GET", "dynatrace/creds/ci", null);
    assertEquals(200, creds.get("_status").asInt(), "creds: " + creds + sidecarState());
    String token = creds.at("/data/token").asText();
    String leaseId = creds.get("lease_id").asText();
    assertTrue(token.startsWith("dt0c01."), "a classic token");
    assertEquals(200, lookup(token), "the minted token authenticates at the simulator");

    JsonNode renewed = vaultCall("PUT", "sys/leases/renew", Map.of("lease_id", leaseId, "increment", 1200));
    assertEquals(200, renewed.get("_status").asInt(), "renew: " + renewed);
    assertEquals(leaseId, renewed.get("lease_id").asText());
    assertTrue(renewed.get("lease_duration").asInt() > 0, "renewed lease: " + renewed);
    assertEquals(200, lookup(token), "still valid after renewal");

    String ops = "http://" + simulator.getHost() + ":" + simulator.getMappedPort(9090);
    JsonNode live = call("GET", ops + "/health/live", null, Map.of());
    assertEquals(200, live.get("_status").asInt(), "sidecar /health/live on --ops-listen: " + live);
    JsonNode ready = call("GET", ops + "/health/ready", null, Map.of());
    assertEquals(200, ready.get("_status").asInt(), "sidecar /health/ready on --ops-listen: " + ready);

    expect2xx(vaultCall("PUT", "sys/leases/revoke", Map.of("lease_id", leaseId)), "revoke");
    int status = 200;
    for (int i = 0; i < 60 && status == 200; i++) {
      Thread.sleep(500);
      status = lookup(token);
    }
    assertEquals(401, status, "the revoked lease's token must stop authenticating");
    JsonNode gone = vaultCall("PUT", "sys/leases/lookup", Map.of("lease_id", leaseId));
    assertEquals(400, gone.get("_status").asInt(), "the lease is gone from Vault: " + gone);
  }

  private static String pem(String name) throws Exception {
    return Files.readString(certs.resolve(name));
  }

  private String sidecarState() {
    return "\nsidecar " + (sidecar.isRunning() ? "running" : "NOT running") + "; its log:\n" + SIDECAR_LOG;
  }

  private static void expect2xx(JsonNode reply, String what) {
    int status = reply.get("_status").asInt();
    if (status < 200 || status > 299) {
      fail(what + ": expected HTTP 2xx, got " + reply);
    }
  }

  private int lookup(String token) throws Exception {
    return call("POST", simulatorUrl + "/api/v2/apiTokens/lookup", Map.of("token", token),
        Map.of("Authorization", "Api-Token " + token)).get("_status").asInt();
  }

  private JsonNode vaultCall(String method, String path, Object body) throws Exception {
    return call(method, vaultUrl + "/v1/" + path, body, Map.of("X-Vault-Token", ROOT));
  }

  private JsonNode call(String method, String url, Object body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    headers.forEach(b::header);
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode parsed;
    try {
      parsed = r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
    } catch (Exception e) {
      parsed = JSON.createObjectNode().put("_body", r.body());
    }
    ObjectNode node = parsed instanceof ObjectNode o ? o : JSON.createObjectNode().set("_body", parsed);
    return node.put("_status", r.statusCode());
  }
}
