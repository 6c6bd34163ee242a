package io.dtvb.simulator;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An in-process Dynatrace stand-in on one port: the access-token API on the classic, platform-proxy
 * and Managed paths (plus three probe endpoints on the proxy), the SSO token endpoint, and the
 * Account Management platform-tokens API under {@code /iam/v1/accounts/<uuid>}; with a fault switch,
 * a movable clock, a Phase 3 switch and a state view for tests.
 *
 * <pre>
 *   DynatraceSimulator sim = DynatraceSimulator.start(vertx, SimulatorOptions.defaults()).await();
 *   sim.info().classicApi();   sim.faults().set(FaultSpec.rateLimit(1));   sim.stop();
 * </pre>
 */
public final class DynatraceSimulator {
  /** Owner (service user) of the platform token seeded at start-up. */
  public static final String PLATFORM_TOKEN_OWNER = "service-user@simulator.local";
  /** Scopes of the seeded account OAuth client (and of {@link #addAccountClient} clients). */
  public static final Set<String> ACCOUNT_CLIENT_SCOPES = Set.of(ScopeCatalog.PLATFORM_TOKENS_WRITE,
      ScopeCatalog.PLATFORM_TOKENS_MANAGE, ScopeCatalog.ACCOUNT_IDM_READ, ScopeCatalog.ACCOUNT_IDM_WRITE);

  private final Vertx vertx;
  private final SimulatorOptions options;
  private final String environmentId;
  private final String siblingEnvironmentId;
  private final String accountUuid = UUID.randomUUID().toString();
  private final String accountUrn = "urn:dtaccount:" + accountUuid;
  private final SimClock clock;
  private final SimCounters counters = new SimCounters();
  private final FaultSwitch faults = new FaultSwitch();
  private final TokenStore store = new TokenStore();
  private final ServiceUsers users = new ServiceUsers();
  private final AtomicReference<AccountLimits> limits = new AtomicReference<>(AccountLimits.defaults());
  private final TokenService tokens;
  private final SsoService sso;
  private final PlatformTokens platformTokens;
  private final AuthService auth;
  private final OAuthClient oauthClient;
  private final OAuthClient accountClient;
  private final SimUser accountClientUser;
  private final SimUser serviceUser;
  private final SimUser serviceUser2;
  private final SimUser unusableServiceUser;
  private volatile boolean phase3;
  private volatile SimulatorInfo info;
  private volatile String deploymentId;

  private DynatraceSimulator(Vertx vertx, SimulatorOptions options) {
    this.vertx = vertx;
    this.options = options;
    this.environmentId = options.environmentId() != null ? options.environmentId()
        : TokenSecrets.newEnvironmentId();
    String sibling = TokenSecrets.newEnvironmentId();
    while (sibling.equals(environmentId)) {
      sibling = TokenSecrets.newEnvironmentId();
    }
    this.siblingEnvironmentId = sibling;
    this.phase3 = options.phase3();
    this.clock = new SimClock(options.clock());
    this.tokens = new TokenService(store, clock, counters, () -> phase3);
    this.sso = new SsoService(clock, options.bearerLifetime(), accountUrn, environmentId, counters);
    this.platformTokens = new PlatformTokens(clock, accountUrn);
    this.auth = new AuthService(store, sso, platformTokens, clock, environmentId, accountUrn);
    String clientId = TokenSecrets.newClientId();
    this.oauthClient = new OAuthClient(clientId, TokenSecrets.newClientSecret(clientId),
        AuthService.defaultOAuthScopes(), clientId, null, accountUrn);
    sso.register(oauthClient);
    this.accountClientUser = users.newServiceUser();
    this.serviceUser = users.newServiceUser();
    this.serviceUser2 = users.newServiceUser();
    this.unusableServiceUser = users.newServiceUser();
    this.accountClient = registerAccountClient(accountClientUser);
    users.allow(accountClient.clientId(), serviceUser.uuid());
    users.allow(accountClient.clientId(), serviceUser2.uuid());
  }

  private OAuthClient registerAccountClient(SimUser subject) {
    String id = TokenSecrets.newClientId();
    OAuthClient client = new OAuthClient(id, TokenSecrets.newClientSecret(id), ACCOUNT_CLIENT_SCOPES,
        subject.email(), subject.uuid(), null);
    sso.register(client);
    return client;
  }

  /** Creates the simulator, seeds the admin token, OAuth clients and platform token, and starts listening. */
  public static Future<DynatraceSimulator> start(Vertx vertx, SimulatorOptions options) {
    DynatraceSimulator sim = new DynatraceSimulator(vertx, options);
    SimulatorVerticle verticle = new SimulatorVerticle(sim, options);
    return vertx.deployVerticle(verticle).map(id -> {
      sim.deploymentId = id;
      sim.info = sim.describe(verticle.actualPort());
      SimLog.info("simulator started", new JsonObject().put("url", sim.info.url())
          .put("environment_id", sim.environmentId).put("account_uuid", sim.accountUuid)
          .put("phase3", sim.phase3));
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
   * Switches the environment into or out of Phase 3 (same as {@code POST /_sim/phase3}): while on,
   * classic token creation answers 400 on every path; everything else is unchanged.
   */
  public void phase3(boolean enabled) {
    phase3 = enabled;
    SimLog.info("phase 3 switched", new JsonObject().put("phase3", enabled));
  }

  /** Whether the environment is in Phase 3. */
  public boolean phase3() {
    return phase3;
  }

  /** The account's platform-token caps. */
  public AccountLimits accountLimits() {
    return limits.get();
  }

  /**
   * Changes the account's platform-token caps (null = unchanged; same as {@code POST
   * /_sim/account-limits}) and returns the new ones. Existing tokens are kept even above a new cap.
   */
  public AccountLimits accountLimits(Integer perUser, Integer perServiceUser, Integer perAccount) {
    return limits.updateAndGet(l -> l.with(perUser, perServiceUser, perAccount));
  }

  /**
   * Id of a second environment of the simulated account that this simulator does not serve: the
   * account API accepts {@code urn:dtenvironment:<it>} as a resource, and the platform proxy here
   * refuses such a token with 403.
   */
  public String siblingEnvironmentId() {
    return siblingEnvironmentId;
  }

  /** A seeded service user that the account client may NOT mint platform tokens for (403). */
  public String unusableServiceUserUuid() {
    return unusableServiceUser.uuid();
  }

  /**
   * Registers another account OAuth client (scopes {@link #ACCOUNT_CLIENT_SCOPES}) whose subject user
   * is a new regular user with {@code userEmail}, or a new service user when {@code userEmail} is null.
   * It may mint only for its own subject user.
   */
  public SimOAuthClient addAccountClient(String userEmail) {
    SimUser subject = userEmail == null ? users.newServiceUser() : users.newUser(userEmail);
    OAuthClient client = registerAccountClient(subject);
    return new SimOAuthClient(client.clientId(), client.clientSecret(), subject.uuid(), subject.email(),
        subject.serviceUser());
  }

  /**
   * The {@code /_sim/state} document: tokens and platform tokens without secrets, counters, fault,
   * simulated time, Phase 3 flag and account limits.
   */
  public JsonObject state() {
    return new JsonObject().put("environment_id", environmentId).put("account_uuid", accountUuid)
        .put("now", ExpirationDates.format(clock.now()))
        .put("phase3", phase3).put("account_limits", limits.get().toJson())
        .put("tokens", tokens.stateView()).put("platform_tokens", platformTokens.stateView())
        .put("counters", counters.toJson())
        .put("fault", faults.current().toJson());
  }

  /**
   * Creates a classic token directly (owner = the admin owner), e.g. a token lacking apiTokens.write.
   * Scopes are not validated here so tests can build odd tokens; Phase 3 does not apply.
   */
  public IssuedToken createToken(String name, List<String> scopes, Instant expirationDate) {
    JsonObject created = tokens.mint(name, scopes, expirationDate, false, options.adminOwner());
    return new IssuedToken(created.getString("id"), created.getString("token"), expirationDate);
  }

  /**
   * Creates a credential-only platform token ({@code dt0s16.…}, resource = the whole account) owned by
   * {@code owner} with the given platform scopes, expiring at {@code expirationDate} (null = never).
   * Scopes are not validated so tests can build odd tokens; the platform proxy accepts it as a Bearer;
   * the Account Management API neither lists nor counts it.
   */
  public IssuedToken createPlatformToken(String name, String owner, List<String> scopes,
      Instant expirationDate) {
    return platformTokens.issue(name, owner, scopes, expirationDate);
  }

  void mountRoutes(Router router) {
    new ApiTokenRoutes(tokens, auth, environmentId).mount(router);
    new ProbeRoutes(auth).mount(router);
    new SsoRoutes(sso).mount(router);
    AccountService account = new AccountService(platformTokens, users, clock, counters, limits::get,
        accountUuid, Set.of(environmentId, siblingEnvironmentId));
    new AccountRoutes(account, new AccountAuth(sso, users, accountUrn), accountUuid).mount(router);
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
        platform.token(), platform.id(), accountUuid, url, accountClient.clientId(),
        accountClient.clientSecret(), accountClientUser.uuid(), serviceUser.uuid(), serviceUser2.uuid());
  }
}
