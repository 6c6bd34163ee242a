package io.dtvb.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.certs.PkiBundle;
import io.dtvb.dynatrace.DynatraceTokenApiHttp;
import io.dtvb.sidecar.LeaseEvents;
import io.dtvb.sidecar.SidecarApp;
import io.dtvb.simulator.DynatraceSimulator;
import io.dtvb.simulator.FaultSpec;
import io.dtvb.simulator.IssuedToken;
import io.dtvb.simulator.SimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin's broker against the real sidecar over mutual TLS, with the simulator behind it. */
class SidecarTokenBrokerTest {
  @TempDir Path certs;
  private Vertx vertx;
  private DynatraceSimulator sim;
  private SidecarApp sidecar;
  private SidecarTokenBroker broker;
  private ConnectionSettings settings;
  private PkiBundle pki;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    sim = DynatraceSimulator.start(vertx, SimulatorOptions.defaults()).await(10, TimeUnit.SECONDS);
    pki = PkiBundle.generate(List.of(), Duration.ofDays(1));
    pki.write(certs, true);
    sidecar = new SidecarApp(new SidecarApp.Options("127.0.0.1", 0, certs.resolve("sidecar.pem").toString(),
        certs.resolve("sidecar-key.pem").toString(), certs.resolve("ca.pem").toString()),
        c -> DynatraceTokenApiHttp.create(vertx, c), LeaseEvents.logging());
    vertx.deployVerticle(sidecar).await(10, TimeUnit.SECONDS);
    broker = new SidecarTokenBroker(vertx, endpoint(sidecar.url()));
    settings = new ConnectionSettings(sim.info().url(), ConnectionSettings.AuthMode.API_TOKEN,
        sim.info().apiToken(), null, null, null, null, null, null);
  }

  @AfterEach
  void stop() throws Exception {
    broker.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private SidecarEndpoint endpoint(String url) throws Exception {
    return new SidecarEndpoint(url, Files.readString(certs.resolve("ca.pem")),
        Files.readString(certs.resolve("plugin.pem")), Files.readString(certs.resolve("plugin-key.pem")));
  }

  private static final AuditContext AUDIT = new AuditContext("dynatrace/", "ci", "entity-1", "token", "req-1",
      "vault-test", Instant.now(), java.util.Map.of(), AuditContext.Cause.LEASE, "lease revoked");

  private static MintOrder order(String... scopes) {
    return new MintOrder("vault-test-" + System.nanoTime(), List.of(scopes),
        Instant.now().plus(1, ChronoUnit.HOURS), false,
        new MintOrder.LeaseContext("dynatrace/", "ci", "", "token", "req-1"));
  }

  @Test
  void mintsThenRevokesThenReportsAlreadyGone() throws Exception {
    broker.putConnection("m1", settings);
    MintedCredential minted = broker.mint("m1", settings, order("metrics.read"));
    assertTrue(minted.token().startsWith(minted.tokenId() + "."));
    assertEquals(RevokeResult.DELETED, broker.revoke("m1", settings, minted.tokenId(), AUDIT));
    assertEquals(RevokeResult.ALREADY_GONE, broker.revoke("m1", settings, minted.tokenId(), AUDIT));
  }

  @Test
  void revokeByNameDeletesExactlyTheNamedToken() throws Exception {
    broker.putConnection("m1", settings);
    MintOrder lost = order("metrics.read");
    MintedCredential orphan = broker.mint("m1", settings, lost);
    MintedCredential other = broker.mint("m1", settings, order("metrics.read"));
    assertEquals(1, broker.revokeByName("m1", settings, lost.name(), AUDIT));
    assertEquals(0, broker.revokeByName("m1", settings, lost.name(), AUDIT));
    assertEquals(RevokeResult.ALREADY_GONE, broker.revoke("m1", settings, orphan.tokenId(), AUDIT));
    assertEquals(RevokeResult.DELETED, broker.revoke("m1", settings, other.tokenId(), AUDIT));
  }

  @Test
  void listByPrefixFindsTheMountsTokensThroughTheSidecarAndSimulator() throws Exception {
    broker.putConnection("m1", settings);
    MintOrder ours = new MintOrder("vault-aaaabbbb-ci-" + System.nanoTime(), List.of("metrics.read"),
        Instant.now().plus(1, ChronoUnit.HOURS), false, new MintOrder.LeaseContext("d/", "ci", "", "t", "r",
            java.util.Map.of("team", "a"), null));
    MintedCredential mine = broker.mint("m1", settings, ours);
    broker.mint("m1", settings, order("metrics.read"));

    List<UpstreamToken> listed = broker.listByPrefix("m1", settings, "vault-aaaabbbb-");

    assertEquals(1, listed.size());
    assertEquals(mine.tokenId(), listed.get(0).tokenId());
    assertEquals(ours.name(), listed.get(0).name());
    assertEquals(mine.expiration(), listed.get(0).expiration());
  }

  @Test
  void leaseLogReadsReachTheSidecarsLeaseLogEndpoints() {
    UpstreamException e = assertThrows(UpstreamException.class, () -> broker.leaseLog("checkpoint", Map.of()));

    assertEquals(UpstreamException.Kind.INVALID, e.kind());
    assertTrue(e.getMessage().contains("lease log is off"), e.getMessage());
  }

  @Test
  void verifyReportsTheMinterAndRefusesABadCredential() throws Exception {
    broker.putConnection("m1", settings);
    assertTrue(((java.util.List<?>) broker.verify("m1", settings).get("scopes")).contains("apiTokens.write"));
    ConnectionSettings bad = new ConnectionSettings(sim.info().url(), ConnectionSettings.AuthMode.API_TOKEN,
        sim.info().apiTokenId() + ".WRONGSECRETWRONGSECRETWRONGSECRETWRONGSECRETWRONGSECRETWRONGSECRE",
        null, null, null, null, null, null);
    broker.putConnection("m2", bad);
    UpstreamException e = assertThrows(UpstreamException.class, () -> broker.verify("m2", bad));
    assertEquals(UpstreamException.Kind.REJECTED, e.kind());
    assertEquals(401, e.upstreamStatus());
  }

  private ConnectionSettings platformSettings(String platformToken) {
    return new ConnectionSettings(sim.info().url(), ConnectionSettings.AuthMode.PLATFORM_TOKEN,
        null, null, null, null, null, null, platformToken);
  }

  @Test
  void platformTokenModeVerifiesMintsRevokesAndRollsBackWithoutSso() throws Exception {
    ConnectionSettings platform = platformSettings(sim.info().platformToken());
    broker.putConnection("p1", platform);

    Map<String, Object> verified = broker.verify("p1", platform);
    assertEquals("platform_token", verified.get("auth_mode"));
    assertEquals(sim.info().platformTokenId(), verified.get("token_id"));
    assertFalse(verified.toString().contains(sim.info().platformToken()));

    MintedCredential minted = broker.mint("p1", platform, order("metrics.read"));
    assertTrue(minted.token().startsWith(minted.tokenId() + "."));
    assertEquals(RevokeResult.DELETED, broker.revoke("p1", platform, minted.tokenId(), AUDIT));
    assertEquals(RevokeResult.ALREADY_GONE, broker.revoke("p1", platform, minted.tokenId(), AUDIT));
    MintOrder lost = order("metrics.read");
    broker.mint("p1", platform, lost);
    assertEquals(1, broker.revokeByName("p1", platform, lost.name(), AUDIT));
    assertEquals(0, sim.counters().ssoGrants());
  }

  @Test
  void platformTokenModeRefusesUnknownAndExpiredTokens() throws Exception {
    ConnectionSettings unknown = platformSettings(sim.info().platformTokenId()
        + ".UNKNOWNSECRETUNKNOWNSECRETUNKNOWNSECRETUNKNOWNSECRETUNKNOWNSECRE");
    broker.putConnection("p2", unknown);
    UpstreamException e = assertThrows(UpstreamException.class, () -> broker.verify("p2", unknown));
    assertEquals(UpstreamException.Kind.REJECTED, e.kind());
    assertEquals(401, e.upstreamStatus());

    IssuedToken shortLived = sim.createPlatformToken("short", "svc@example.invalid",
        List.of("environment-api:api-tokens:read", "environment-api:api-tokens:write"),
        sim.clock().now().plus(Duration.ofMinutes(1)));
    ConnectionSettings expiring = platformSettings(shortLived.token());
    broker.putConnection("p3", expiring);
    sim.clock().advance(Duration.ofMinutes(2));
    e = assertThrows(UpstreamException.class, () -> broker.mint("p3", expiring, order("metrics.read")));
    assertEquals(UpstreamException.Kind.REJECTED, e.kind());
    assertEquals(403, e.upstreamStatus());
    assertTrue(e.getMessage().contains("expired"), e.getMessage());
  }

  @Test
  void platformTokenThatIsNotOneIsInvalidNamingTheField() {
    ConnectionSettings bad = platformSettings(sim.info().apiToken());
    UpstreamException e = assertThrows(UpstreamException.class, () -> broker.putConnection("p4", bad));
    assertEquals(UpstreamException.Kind.INVALID, e.kind());
    assertTrue(e.getMessage().contains("platform_token"), e.getMessage());
    assertFalse(e.getMessage().contains(sim.info().apiToken()));
  }

  @Test
  void unknownConnectionIsReportedSoTheEngineCanRepush() {
    UpstreamException e = assertThrows(UpstreamException.class, () -> broker.mint("nope", settings, order("metrics.read")));
    assertEquals(UpstreamException.Kind.UNKNOWN_CONNECTION, e.kind());
  }

  @Test
  void scopeDynatraceRejectsComesBackRejectedWithItsMessage() throws Exception {
    broker.putConnection("m1", settings);
    UpstreamException e = assertThrows(UpstreamException.class, () -> broker.mint("m1", settings, order("not.a.scope")));
    assertEquals(UpstreamException.Kind.REJECTED, e.kind());
    assertEquals(400, e.upstreamStatus());
    assertTrue(e.getMessage().contains("not.a.scope"), e.getMessage());
  }

  @Test
  void aPassingThrottleIsRetriedAwayAndAPersistentFailureStaysRetryable() throws Exception {
    broker.putConnection("m1", settings);
    sim.faults().set(FaultSpec.rateLimit(1));
    MintedCredential minted = broker.mint("m1", settings, order("metrics.read"));
    assertTrue(minted.token().startsWith(minted.tokenId()));
    assertEquals(1, sim.counters().rateLimited());
    sim.faults().set(FaultSpec.serverError(503, -1));
    UpstreamException e = assertThrows(UpstreamException.class,
        () -> broker.revoke("m1", settings, minted.tokenId(), AUDIT));
    assertEquals(UpstreamException.Kind.RETRYABLE, e.kind());
    assertTrue(e.getMessage().contains("after 4 attempts"), e.getMessage());
    sim.faults().clear();
  }

  @Test
  void sidecarDownIsRetryable() throws Exception {
    SidecarTokenBroker dead = new SidecarTokenBroker(vertx, endpoint("https://127.0.0.1:1"));
    UpstreamException e = assertThrows(UpstreamException.class, () -> dead.putConnection("m1", settings));
    assertEquals(UpstreamException.Kind.RETRYABLE, e.kind());
    dead.close();
  }

  @Test
  void badConnectionSettingsAreInvalid() {
    ConnectionSettings bad = new ConnectionSettings("ftp://x", ConnectionSettings.AuthMode.API_TOKEN,
        "t", null, null, null, null, null, null);
    UpstreamException e = assertThrows(UpstreamException.class, () -> broker.putConnection("m1", bad));
    assertEquals(UpstreamException.Kind.INVALID, e.kind());
    assertTrue(e.getMessage().contains("environment_url"));
  }

  @Test
  void sidecarRefusesClientsWithoutACertificate() throws Exception {
    WebClient noCert = WebClient.create(vertx, new WebClientOptions().setSsl(true)
        .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(pki.ca().certificatePem()))));
    int port = sidecar.port();
    assertThrows(Exception.class, () -> noCert.get(port, "127.0.0.1", "/health").send().await(10, TimeUnit.SECONDS));
    noCert.close();
  }
}
