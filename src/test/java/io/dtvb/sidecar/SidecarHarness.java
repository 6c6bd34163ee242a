package io.dtvb.sidecar;

import io.dtvb.certs.Pem;
import io.dtvb.certs.PkiBundle;
import io.dtvb.dynatrace.DynatraceTokenApiHttp;
import io.dtvb.dynatrace.PlatformTokenApiHttp;
import io.dtvb.leaselog.FileLogStore;
import io.dtvb.leaselog.LeaseLog;
import io.dtvb.leaselog.LogKey;
import io.dtvb.sidecarapi.ConnectionSettings;
import io.dtvb.sidecarapi.SidecarJson;
import io.dtvb.sidecarapi.SidecarPaths;
import io.dtvb.simulator.DynatraceSimulator;
import io.dtvb.simulator.SimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A real sidecar over mutual TLS with the simulator behind it and a file lease log that can be made
 * to fail; three client certificates from one CA: mount A (plugin.pem), mount B and an operator.
 */
final class SidecarHarness implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final Path dir;
  final DynatraceSimulator sim;
  SidecarApp app;
  SwitchableStore store;
  LeaseLog log;
  WebClient a;
  WebClient b;
  WebClient operator;
  String operatorFingerprint;
  SidecarPolicy policy;
  private String deployment;
  /** How long the sidecar trusts the account's limits and owner counts (tests shorten it). */
  Duration accountCacheTtl = Duration.ofSeconds(60);
  private final String origin = LeaseLog.origin("test");

  SidecarHarness(Path dir) throws Exception {
    this(dir, SidecarPolicy.defaults().withLoopback(true));
  }

  SidecarHarness(Path dir, SidecarPolicy policy) throws Exception {
    this.dir = dir;
    this.policy = policy;
    sim = DynatraceSimulator.start(vertx, SimulatorOptions.defaults()).await(10, TimeUnit.SECONDS);
    PkiBundle.generate(List.of(), Duration.ofDays(1)).write(dir.resolve("pki"), true);
    PkiBundle.issueClient(dir.resolve("pki"), "mount-b", Duration.ofDays(1), true);
    operatorFingerprint = PkiBundle.fingerprint(PkiBundle.issueClient(dir.resolve("pki"), "operator",
        Duration.ofDays(1), true).certificate());
    start();
  }

  /** Starts (or restarts) the sidecar on the same state directory and lease log. */
  void start() throws Exception {
    store = new SwitchableStore(FileLogStore.open(dir.resolve("log")));
    log = new LeaseLog(store, LogKey.loadOrCreate(dir.resolve("keys"), origin), origin);
    Path pki = dir.resolve("pki");
    SidecarApp.Options o = new SidecarApp.Options("127.0.0.1", 0, pki.resolve("sidecar.pem").toString(),
        pki.resolve("sidecar-key.pem").toString(), pki.resolve("ca.pem").toString())
        .withStateDir(dir.resolve("state")).withPolicy(policy).withOperators(Set.of(operatorFingerprint))
        .withOps("127.0.0.1", 0).withLeaseLogRetry(Duration.ofMillis(100));
    app = new SidecarApp(o.withAccountCacheTtl(accountCacheTtl), new DynatraceClients(
        c -> DynatraceTokenApiHttp.create(vertx, c), a -> PlatformTokenApiHttp.create(vertx, a)), log);
    deployment = vertx.deployVerticle(app).await(10, TimeUnit.SECONDS);
    a = client("plugin");
    b = client("mount-b");
    operator = client("operator");
  }

  /** Stops the sidecar (as a crash or restart would), keeping the simulator. */
  void stop() throws Exception {
    a.close();
    b.close();
    operator.close();
    vertx.undeploy(deployment).await(10, TimeUnit.SECONDS);
    store.close();
  }

  private WebClient client(String name) throws Exception {
    Path pki = dir.resolve("pki");
    return WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port())
        .setSsl(true).setVerifyHost(true)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(pki.resolve(name + ".pem").toString())
            .setKeyPath(pki.resolve(name + "-key.pem").toString()))
        .setTrustOptions(new PemTrustOptions().addCertPath(pki.resolve("ca.pem").toString())));
  }

  String identityOf(String name) throws Exception {
    return PkiBundle.fingerprint(Pem.decodeCertificate(Files.readString(dir.resolve("pki").resolve(name + ".pem"))));
  }

  ConnectionSettings settings() {
    return new ConnectionSettings(sim.info().url(), ConnectionSettings.AuthMode.API_TOKEN, sim.info().apiToken(),
        null, null, null, null, null, null);
  }

  /** The classic minter plus the simulator's account side (platform tokens for its environment). */
  ConnectionSettings accountSettings() {
    return accountSettings(ConnectionSettings.AuthMode.API_TOKEN, sim.info().apiToken());
  }

  /** The account side with the given classic mode ({@code NONE}: platform tokens only). */
  ConnectionSettings accountSettings(ConnectionSettings.AuthMode mode, String apiToken) {
    var i = sim.info();
    return new ConnectionSettings(i.url(), mode, apiToken, null, null, null, null, i.ssoUrl(), null,
        i.accountUuid(), i.accountApiUrl(), i.accountClientId(), i.accountClientSecret(), null, i.environmentId());
  }

  ConnectionSettings settings(String apiToken) {
    return new ConnectionSettings(sim.info().url(), ConnectionSettings.AuthMode.API_TOKEN, apiToken,
        null, null, null, null, null, null);
  }

  HttpResponse<Buffer> put(WebClient c, String id, ConnectionSettings s) throws Exception {
    return c.request(HttpMethod.PUT, SidecarPaths.fill(SidecarPaths.CONNECTION, id, null))
        .putHeader("content-type", "application/json").sendBuffer(Buffer.buffer(SidecarJson.write(s)))
        .await(20, TimeUnit.SECONDS);
  }

  /** A connection call with the settings' fingerprint; body is a record, a JsonObject or null. */
  HttpResponse<Buffer> call(WebClient c, HttpMethod m, String path, ConnectionSettings s, Object body)
      throws Exception {
    HttpRequest<Buffer> r = c.request(m, path).putHeader(SidecarPaths.SETTINGS_FINGERPRINT_HEADER, s.fingerprint());
    if (body == null) {
      return r.send().await(20, TimeUnit.SECONDS);
    }
    byte[] bytes = body instanceof JsonObject j ? j.toBuffer().getBytes() : SidecarJson.write(body);
    return r.putHeader("content-type", "application/json").sendBuffer(Buffer.buffer(bytes))
        .await(20, TimeUnit.SECONDS);
  }

  /** The ids of the simulator's live (not deleted) tokens. */
  Set<String> simTokenIds() {
    JsonArray tokens = sim.state().getJsonArray("tokens");
    Set<String> ids = new java.util.HashSet<>();
    for (int i = 0; i < tokens.size(); i++) {
      if (!tokens.getJsonObject(i).getBoolean("deleted", false)) {
        ids.add(tokens.getJsonObject(i).getString("id"));
      }
    }
    return ids;
  }

  static String kind(HttpResponse<Buffer> r) {
    return r.bodyAsJsonObject().getJsonObject("error").getString("kind");
  }

  static String message(HttpResponse<Buffer> r) {
    return r.bodyAsJsonObject().getJsonObject("error").getString("message");
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
    store.close();
  }
}
