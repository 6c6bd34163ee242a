package io.dtvb.simulator;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An in-process Dynatrace stand-in (access-token API on the classic, platform-proxy and Managed paths,
 * plus the SSO token endpoint and account platform tokens) with a fault switch, a movable clock and a
 * state view for tests.
 *
 * <pre>
 *   DynatraceSimulator sim = DynatraceSimulator.start(vertx, SimulatorOptions.defaults()).await();
 *   sim.info().classicApi();   sim.faults().set(FaultSpec.rateLimit(1));   sim.stop();
 * </pre>
 */
public final class DynatraceSimulator {
  /** Owner (service user) of the platform token seeded at start-up. */
  public static final String PLATFORM_TOKEN_OWNER = "service-user@simulator.local";

  private final Vertx vertx;
  private final SimulatorOptions options;
  private final String environmentId;
  private final String accountUrn = "urn:dtaccount:" + UUID.randomUUID();
  private final SimClock clock;
  private final SimCounters counters = new SimCounters();
  private final FaultSwitch faults = new FaultSwitch();
  private final TokenStore store = new TokenStore();
  private final TokenService tokens;
  private final SsoService sso;
  private final PlatformTokens platformTokens;
  private final AuthService auth;
  private final OAuthClient oauthClient;
  private volatile SimulatorInfo info;
  private volatile String deploymentId;

  private DynatraceSimulator(Vertx vertx, SimulatorOptions options) {
    this.vertx = vertx;
    this.options = options;
    this.environmentId = options.environmentId() != null ? options.environmentId()
        : TokenSecrets.newEnvironmentId();
    this.clock = new SimClock(options.clock());
    this.tokens = new TokenService(store, clock, counters);
    this.sso = new SsoService(clock, options.bearerLifetime(), accountUrn, environmentId, counters);
    this.platformTokens = new PlatformTokens(clock);
    this.auth = new AuthService(store, sso, platformTokens, clock);
    String clientId = TokenSecrets.newClientId();
    this.oauthClient = new OAuthClient(clientId, TokenSecrets.newClientSecret(clientId),
        AuthService.defaultOAuthScopes(), clientId);
    sso.register(oauthClient);
  }

  /** Creates the simulator, seeds the admin token, OAuth client and platform token, and starts listening. */
  public static Future<DynatraceSimulator> start(Vertx vertx, SimulatorOptions options) {
    DynatraceSimulator sim = new DynatraceSimulator(vertx, options);
    SimulatorVerticle verticle = new SimulatorVerticle(sim, options);
    return vertx.deployVerticle(verticle).map(id -> {
      sim.deploymentId = id;
      sim.info = sim.describe(verticle.actualPort());
      SimLog.info("simulator started", new JsonObject().put("url", sim.info.url())
          .put("environment_id", sim.environmentId));
      return sim;
    });
  }

  /** Stops listening; stored tokens are discarded with the instance. */
  public Future<Void> stop() {
    String id = deploymentId;
    deploymentId = null;
    return id == null ? Future.succeededFuture() : vertx.undeploy(id);
  }

  /** Address and seeded credentials; null before {@link #start} completes. */
  public SimulatorInfo info() {
    return info;
  }

  /** The fault switch (same as {@code /_sim/faults}). */
  public FaultSwitch faults() {
    return faults;
  }

  /** The simulated clock (same as {@code /_sim/clock}). */
  public SimClock clock() {
    return clock;
  }

  public SimCounters counters() {
    return counters;
  }

  /**
   * The {@code /_sim/state} document: tokens and platform tokens without secrets, counters, fault,
   * simulated time.
   */
  public JsonObject state() {
    return new JsonObject().put("environment_id", environmentId)
        .put("now", ExpirationDates.format(clock.now()))
        .put("tokens", tokens.stateView()).put("platform_tokens", platformTokens.stateView())
        .put("counters", counters.toJson())
        .put("fault", faults.current().toJson());
  }

  /**
   * Creates a classic token directly (owner = the admin owner), e.g. a token lacking apiTokens.write.
   * Scopes are not validated here so tests can build odd tokens.
   */
  public IssuedToken createToken(String name, List<String> scopes, Instant expirationDate) {
    JsonObject created = tokens.mint(name, scopes, expirationDate, false, options.adminOwner());
    return new IssuedToken(created.getString("id"), created.getString("token"), expirationDate);
  }

  /**
   * Creates a platform token ({@code dt0s16.…}) owned by {@code owner} with the given platform scopes,
   * expiring at {@code expirationDate} (null = never). Scopes are not validated so tests can build odd
   * tokens; the platform proxy accepts it as a Bearer.
   */
  public IssuedToken createPlatformToken(String name, String owner, List<String> scopes,
      Instant expirationDate) {
    return platformTokens.issue(name, owner, scopes, expirationDate);
  }

  void mountRoutes(Router router) {
    new ApiTokenRoutes(tokens, auth, environmentId).mount(router);
    new SsoRoutes(sso).mount(router);
    new SimControlRoutes(this).mount(router);
  }

  private SimulatorInfo describe(int port) {
    IssuedToken admin = createToken("simulator-admin",
        List.of(ScopeCatalog.API_TOKENS_READ, ScopeCatalog.API_TOKENS_WRITE), null);
    IssuedToken platform = createPlatformToken("simulator-platform-token", PLATFORM_TOKEN_OWNER,
        List.copyOf(AuthService.defaultOAuthScopes()), null);
    String url = "http://" + options.host() + ":" + port;
    return new SimulatorInfo(url, environmentId, admin.token(), admin.id(), oauthClient.clientId(),
        oauthClient.clientSecret(), accountUrn, url + SsoRoutes.TOKEN_PATH, url + "/api/v2",
        url + "/platform/classic/environment-api/v2", url + "/e/" + environmentId + "/api/v2",
        platform.token(), platform.id());
  }
}
