package io.dtvb.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.certs.PkiBundle;
import io.dtvb.dynatrace.DynatraceTokenApiHttp;
import io.dtvb.leaselog.FileLogStore;
import io.dtvb.leaselog.LeaseLog;
import io.dtvb.leaselog.LogKey;
import io.dtvb.sidecar.SidecarApp;
import io.dtvb.sidecar.SidecarPolicy;
import io.dtvb.sidecarapi.ConnectionInfo;
import io.dtvb.sidecarapi.ConnectionSettings;
import io.dtvb.sidecarapi.CredentialInfo;
import io.dtvb.sidecarapi.DeleteResult;
import io.dtvb.sidecarapi.LeaseContext;
import io.dtvb.sidecarapi.ListedToken;
import io.dtvb.sidecarapi.MintRequest;
import io.dtvb.sidecarapi.MintedCredential;
import io.dtvb.sidecarapi.MinterRequest;
import io.dtvb.sidecarapi.RollbackRequest;
import io.dtvb.sidecarapi.TokenAction;
import io.dtvb.simulator.DynatraceSimulator;
import io.dtvb.simulator.SimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin's HttpSidecarClient against a real sidecar over mutual TLS, with the simulator behind it. */
class HttpSidecarClientTest {
  @TempDir Path dir;
  private Vertx vertx;
  private DynatraceSimulator sim;
  private SidecarApp sidecar;
  private String deployment;
  private FileLogStore store;
  private HttpSidecarClient client;
  private ConnectionSettings settings;
  private SidecarConnection m1;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    sim = DynatraceSimulator.start(vertx, SimulatorOptions.defaults()).await(10, TimeUnit.SECONDS);
    PkiBundle.generate(List.of(), Duration.ofDays(1)).write(dir.resolve("pki"), true);
    startSidecar(0);
    client = new HttpSidecarClient(vertx, new SidecarEndpoint(sidecar.url(), pem("ca.pem"), pem("plugin.pem"),
        pem("plugin-key.pem")));
    settings = new ConnectionSettings(sim.info().url(), ConnectionSettings.AuthMode.API_TOKEN,
        sim.info().apiToken(), null, null, null, null, null, null);
    m1 = client.connection("m1", settings);
  }

  private void startSidecar(int port) throws Exception {
    Path pki = dir.resolve("pki");
    store = FileLogStore.open(dir.resolve("log"));
    String origin = LeaseLog.origin("test");
    LeaseLog log = new LeaseLog(store, LogKey.loadOrCreate(dir.resolve("keys"), origin), origin);
    sidecar = new SidecarApp(new SidecarApp.Options("127.0.0.1", port, pki.resolve("sidecar.pem").toString(),
        pki.resolve("sidecar-key.pem").toString(), pki.resolve("ca.pem").toString())
        .withStateDir(dir.resolve("state")).withPolicy(SidecarPolicy.defaults().withLoopback(true)),
        c -> DynatraceTokenApiHttp.create(vertx, c), log);
    deployment = vertx.deployVerticle(sidecar).await(10, TimeUnit.SECONDS);
  }

  private void restartSidecar() throws Exception {
    int port = sidecar.port();
    vertx.undeploy(deployment).await(10, TimeUnit.SECONDS);
    store.close();
    startSidecar(port);
  }

  private String pem(String name) throws Exception {
    return Files.readString(dir.resolve("pki").resolve(name));
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    vertx.close().await(10, TimeUnit.SECONDS);
    store.close();
  }

  private static LeaseContext lease(String name) {
    return new LeaseContext("dynatrace/", "ci", "entity-1", "token", "req-1", name,
        Instant.now().plus(1, ChronoUnit.HOURS), Map.of("team", "a"));
  }

  private static MintRequest order(String name) {
    return new MintRequest(name, List.of("metrics.read"), Instant.now().plus(1, ChronoUnit.HOURS), false, lease(name));
  }

  private boolean live(String tokenId) {
    return sim.state().getJsonArray("tokens").stream().map(JsonObject.class::cast)
        .anyMatch(t -> tokenId.equals(t.getString("id")) && !t.getBoolean("deleted"));
  }

  @Test
  void putVerifyAndCandidateVerify() throws Exception {
    ConnectionInfo info = m1.put();
    assertEquals("m1", info.connectionId());
    assertEquals(settings.credentialFingerprint(), info.credentialFingerprint());
    assertEquals(settings.fingerprint(), info.settingsFingerprint());
    CredentialInfo live = m1.verify();
    assertEquals(sim.info().apiTokenId(), live.tokenId());
    assertTrue(live.scopes().contains("apiTokens.write"));
    ConnectionSettings bad = new ConnectionSettings(sim.info().url(), ConnectionSettings.AuthMode.API_TOKEN,
        "dt0c01.NOTATOKEN." + "z".repeat(40), null, null, null, null, null, null);
    UpstreamException e = assertThrows(UpstreamException.class, () -> m1.verifyCandidate(bad));
    assertEquals(UpstreamException.Kind.REJECTED, e.kind());
    assertEquals(sim.info().apiTokenId(), m1.verify().tokenId(), "the live connection is unchanged");
  }

  @Test
  void mintRenewRevokeAndAlreadyGone() throws Exception {
    MintedCredential minted = m1.mint(order("vault-hsc-1"));
    assertTrue(minted.token().startsWith(minted.tokenId() + "."));
    m1.renewed(minted.tokenId(), new TokenAction(lease("vault-hsc-1"), "lease renewed"));
    assertEquals(DeleteResult.DELETED, m1.revoke(minted.tokenId(), new TokenAction(lease("vault-hsc-1"), "revoked")));
    assertEquals(DeleteResult.ALREADY_GONE, m1.revoke(minted.tokenId(), new TokenAction(null, "again")));
    UpstreamException e = assertThrows(UpstreamException.class,
        () -> m1.renewed(minted.tokenId(), new TokenAction(null, "too late")));
    assertEquals(UpstreamException.Kind.INVALID, e.kind());
  }

  @Test
  void sweepRevokeByNameAndList() throws Exception {
    MintedCredential orphan = m1.mint(order("vault-aaaabbbb-ci-1"));
    MintedCredential lost = m1.mint(order("vault-aaaabbbb-ci-2"));
    m1.mint(order("vault-ccccdddd-ci-3"));
    List<ListedToken> listed = m1.listByPrefix("vault-aaaabbbb-");
    assertEquals(Set.of(orphan.tokenId(), lost.tokenId()),
        Set.copyOf(listed.stream().map(ListedToken::tokenId).toList()));
    assertEquals(DeleteResult.DELETED, m1.sweep(orphan.tokenId(), new TokenAction(null, "tidy")));
    assertEquals(1, m1.revokeByName(new RollbackRequest("vault-aaaabbbb-ci-2", null, "rollback")));
    assertEquals(0, m1.revokeByName(new RollbackRequest("vault-aaaabbbb-ci-2", null, "rollback")));
    assertFalse(live(orphan.tokenId()));
    assertFalse(live(lost.tokenId()));
  }

  @Test
  void rotateRootMintsAReplacementThenRetiresTheOldMinter() throws Exception {
    MintedCredential replacement = m1.mintMinter(new MinterRequest("vault-minter-2",
        Instant.now().plus(30, ChronoUnit.DAYS), null));
    ConnectionSettings rotated = new ConnectionSettings(sim.info().url(), ConnectionSettings.AuthMode.API_TOKEN,
        replacement.token(), null, null, null, null, null, null);
    SidecarConnection next = client.connection("m1", rotated);
    assertTrue(next.verify().scopes().containsAll(List.of("apiTokens.read", "apiTokens.write")));
    assertEquals(DeleteResult.DELETED, next.retire(sim.info().apiTokenId(), new TokenAction(null, "rotate-root")));
    assertFalse(live(sim.info().apiTokenId()));
    UpstreamException e = assertThrows(UpstreamException.class,
        () -> next.retire("dt0c01.SOMEOTHERTOKEN", new TokenAction(null, "not ours")));
    assertEquals(UpstreamException.Kind.FORBIDDEN, e.kind());
  }

  @Test
  void leaseLogReadsShowThisConnectionsPart() throws Exception {
    MintedCredential minted = m1.mint(order("vault-hsc-log"));
    Map<String, Object> entries = m1.leaseLog("entries", Map.of());
    assertTrue(entries.toString().contains(minted.tokenId()), entries.toString());
    Map<String, Object> cp = m1.leaseLog("checkpoint", Map.of());
    assertEquals(1, ((Number) cp.get("size")).intValue());
    Map<String, Object> export = m1.leaseLog("export", Map.of("format", "json"));
    assertTrue(String.valueOf(export.get("export")).startsWith("{\"format\":\"dvb-lease-log-view/1\""));
  }

  @Test
  void theChainedMintAnswersAsTheBlockingOneAndPushesAgainAfterARestart() throws Exception {
    restartSidecar();
    MintedCredential minted = m1.mintAsync(order("vault-hsc-a1")).toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertTrue(live(minted.tokenId()));
    assertEquals(DeleteResult.DELETED, m1.revoke(minted.tokenId(), new TokenAction(null, "revoked")));
  }

  @Test
  void theClientPushesAgainAfterASidecarRestart() throws Exception {
    MintedCredential before = m1.mint(order("vault-hsc-r1"));
    restartSidecar();
    MintedCredential after = m1.mint(order("vault-hsc-r2"));
    assertTrue(live(after.tokenId()));
    assertEquals(DeleteResult.DELETED, m1.revoke(before.tokenId(), new TokenAction(null, "revoked after restart")));
    m1.renewed(after.tokenId(), new TokenAction(null, "the log index was rebuilt from the log"));
  }
}
