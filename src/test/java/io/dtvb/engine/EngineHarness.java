package io.dtvb.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import io.dtvb.vaultsdk.framework.Backend;
import io.dtvb.vaultsdk.framework.BackendConfig;
import io.dtvb.vaultsdk.framework.ExistenceResult;
import io.dtvb.vaultsdk.framework.InmemStorage;
import io.dtvb.vaultsdk.framework.LeaseOptions;
import io.dtvb.vaultsdk.framework.Operation;
import io.dtvb.vaultsdk.framework.Request;
import io.dtvb.vaultsdk.framework.RequestContext;
import io.dtvb.vaultsdk.framework.Response;
import io.dtvb.vaultsdk.framework.SecretInfo;
import io.dtvb.vaultsdk.framework.StaticSystemView;
import io.dtvb.vaultsdk.framework.Storage;
import io.dtvb.vaultsdk.framework.SystemView;
import io.dtvb.vaultsdk.framework.UserError;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Drives a Dynatrace backend the way Vault does: through {@code handleRequest}, with an existence
 * check choosing create or update, in-memory storage, a static system view, a hand-moved clock
 * and a {@link FakeSidecar}. Lease data goes through JSON as Vault stores it. Requests carry the
 * harness's {@link #deadline}, when set, as Vault's gRPC deadline would.
 */
final class EngineHarness {
  static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
  static final String MOUNT_UUID = "0b6f7c1e-engine-test-mount";
  static final RequestContext CONTEXT = new RequestContext(
      "token-ci-runner", "entity-42", "dynatrace/", "dynatrace", "dynatrace_1234", "accessor-1");
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final SecureRandom RANDOM = new SecureRandom();
  static final String ACCOUNT_UUID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
  static final String ACCOUNT_CLIENT_ID = "dt0s02.ACCOUNTC";
  /** The account OAuth client's secret (random per harness, so a leak check can look for it). */
  final String accountSecret = randomText("dt0s02.ACCOUNTC.", 64);

  /** A lease as Vault holds it between requests. */
  record Lease(Map<String, Object> data, Map<String, Object> internal, Duration ttl, Duration maxTtl,
      boolean renewable, Instant issuedAt) {

    /** The lease after Vault stored a renew reply. */
    Lease renewedBy(Response reply) {
      return new Lease(roundTrip(reply.data()), roundTrip(reply.secret().internalData()),
          reply.secret().ttl(), reply.secret().maxTtl(), reply.secret().renewable(), issuedAt);
    }
  }

  final FakeSidecar broker;
  final InmemStorage storage;
  final MutableClock clock;
  final String apiToken;
  final Backend backend;
  private int requests;
  /** The deadline the next requests carry (null: none). */
  volatile Instant deadline;

  EngineHarness() {
    this(new StaticSystemView(Duration.ofHours(1), Duration.ofHours(24), false, ""));
  }

  EngineHarness(SystemView system) {
    this(system, MintJournal.NONE);
  }

  EngineHarness(SystemView system, MintJournal journal) {
    this(system, c -> journal);
  }

  /** A harness whose journal is built on the harness clock (e.g. the write-ahead log). */
  EngineHarness(SystemView system, java.util.function.Function<java.time.Clock, MintJournal> journal) {
    this(system, journal, step -> { }, new FakeSidecar(), new InmemStorage(), new MutableClock(START),
        randomText("dt0c01.", 24) + randomText(".", 64));
  }

  /** A harness whose rotate-root stops after a step when the hook throws (a crash). */
  EngineHarness(SystemView system, RotateRootPath.StepHook rotationHook) {
    this(system, WalMintJournal::new, rotationHook, new FakeSidecar(), new InmemStorage(),
        new MutableClock(START), randomText("dt0c01.", 24) + randomText(".", 64));
  }

  private EngineHarness(SystemView system, java.util.function.Function<java.time.Clock, MintJournal> journal,
      RotateRootPath.StepHook rotationHook, FakeSidecar broker, InmemStorage storage, MutableClock clock,
      String apiToken) {
    this.broker = broker;
    this.storage = storage;
    this.clock = clock;
    this.apiToken = apiToken;
    this.system = system;
    backend = new DynatraceBackend(broker, clock, journal.apply(clock)).withRotationHook(rotationHook)
        .create(new BackendConfig(Map.of(), MOUNT_UUID, system, storage));
  }

  private final SystemView system;

  /** The plugin after a crash and restart: a new backend on the same storage, sidecar and clock. */
  EngineHarness restarted() {
    return new EngineHarness(system, WalMintJournal::new, step -> { }, broker, storage, clock, apiToken);
  }

  /** Vault's periodic rollback request. */
  Response rollback(Map<String, Object> data) throws Exception {
    return answer(request(Operation.ROLLBACK, "", data, null));
  }

  /** A write as Vault routes it: the existence check picks create or update; its user errors are 400s. */
  Response write(String path, Map<String, Object> data) throws Exception {
    ExistenceResult existence;
    try {
      existence = backend.existenceCheck(request(Operation.UPDATE, path, data, null));
    } catch (UserError e) {
      return Response.error(e.getMessage());
    }
    Operation op = existence.checkFound() && !existence.exists() ? Operation.CREATE : Operation.UPDATE;
    return answer(request(op, path, data, null));
  }

  Response read(String path) throws Exception {
    return read(path, Map.of());
  }

  /** A READ with query parameters (Vault passes them as request data). */
  Response read(String path, Map<String, Object> query) throws Exception {
    return answer(request(Operation.READ, path, query, null));
  }

  Response delete(String path) throws Exception {
    return delete(path, Map.of());
  }

  /** A DELETE with data (Vault passes query parameters as request data). */
  Response delete(String path, Map<String, Object> data) throws Exception {
    return answer(request(Operation.DELETE, path, data, null));
  }

  Response list(String path) throws Exception {
    return list(path, Map.of());
  }

  /** A LIST with query parameters (Vault passes them as request data). */
  Response list(String path, Map<String, Object> query) throws Exception {
    return answer(request(Operation.LIST, path, query, null));
  }

  Map<String, Object> validConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("environment_url", "https://abc12345.live.dynatrace.com");
    config.put("api_token", apiToken);
    config.put("sidecar_url", "https://sidecar.internal:8443");
    config.put("sidecar_ca_pem", TestPems.CERT);
    config.put("sidecar_client_cert_pem", TestPems.CERT);
    config.put("sidecar_client_key_pem", TestPems.KEY);
    return config;
  }

  /** The account side's fields: an account UUID and an account OAuth client. */
  Map<String, Object> accountFields() {
    Map<String, Object> account = new LinkedHashMap<>();
    account.put("account_uuid", ACCOUNT_UUID);
    account.put("account_client_id", ACCOUNT_CLIENT_ID);
    account.put("account_client_secret", accountSecret);
    return account;
  }

  /** A valid config with a classic minter (api_token) and the account side. */
  Map<String, Object> validConfigWithAccount() {
    Map<String, Object> config = validConfig();
    config.putAll(accountFields());
    return config;
  }

  /** Configured with both the classic minter and the account side. */
  EngineHarness configuredWithAccount() throws Exception {
    assertOk(write("config", validConfigWithAccount()));
    return this;
  }

  EngineHarness configured() throws Exception {
    assertOk(write("config", validConfig()));
    return this;
  }

  EngineHarness withRole(String name, Map<String, Object> data) throws Exception {
    assertOk(write("roles/" + name, data));
    return this;
  }

  /** Reads creds and returns the lease Vault would register, failing the test on an error. */
  Lease issue(String role) throws Exception {
    Instant issuedAt = clock.instant();
    Response r = read("creds/" + role);
    assertOk(r);
    assertNotNull(r.secret(), "creds answered without a secret");
    return new Lease(roundTrip(r.data()), roundTrip(r.secret().internalData()), r.secret().ttl(),
        r.secret().maxTtl(), r.secret().renewable(), issuedAt);
  }

  Response renew(Lease lease, Duration increment) throws Exception {
    LeaseOptions options = new LeaseOptions(lease.ttl(), lease.maxTtl(), lease.renewable(), increment,
        lease.issuedAt());
    return answer(
        request(Operation.RENEW, "creds/ci", lease.data(), new SecretInfo(options, lease.internal())));
  }

  Response revoke(Lease lease) throws Exception {
    LeaseOptions options = new LeaseOptions(lease.ttl(), lease.maxTtl(), lease.renewable(), Duration.ZERO,
        lease.issuedAt());
    return answer(
        request(Operation.REVOKE, "creds/ci", lease.data(), new SecretInfo(options, lease.internal())));
  }

  /** Any operation, as Vault routes it (no existence check). */
  Response handle(Operation op, String path, Map<String, Object> data) throws Exception {
    return answer(request(op, path, data, null));
  }

  /**
   * When true, a response's after-reply steps are dropped, as a crash right after the reply would
   * drop them; otherwise they run once the handler returned, as the plugin server runs them.
   */
  boolean crashAfterReply;

  private Response answer(Request req) throws Exception {
    Response r = backend.handleRequest(req);
    if (r != null && !crashAfterReply) {
      for (Response.AfterReply step : r.afterReplySteps()) {
        step.run();
      }
    }
    return r != null && r.isNone() ? null : r; // Vault gets no response for none()
  }

  private Request request(Operation op, String path, Map<String, Object> data, SecretInfo secret) {
    return new Request("req-" + (++requests), op, path, data, secret, storage, CONTEXT, deadline);
  }

  static Map<String, Object> roundTrip(Map<String, Object> value) {
    try {
      return Storage.JSON.readValue(Storage.JSON.writeValueAsBytes(value), MAP);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static void assertOk(Response r) {
    if (r != null) {
      assertFalse(r.isError(), () -> "unexpected error response: " + r.data().get("error"));
    }
  }

  /** The error message of an error response, failing the test when it is not one. */
  static String errorOf(Response r) {
    assertNotNull(r, "expected an error response, got none");
    assertTrue(r.isError(), () -> "expected an error response, got " + r.data());
    return String.valueOf(r.data().get("error"));
  }

  static String randomText(String prefix, int length) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    StringBuilder sb = new StringBuilder(prefix);
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  /** A call that may throw, for threads and futures in concurrency tests. */
  interface Call<T> {
    T run() throws Exception;
  }

  /** Runs the call; a checked failure becomes an unchecked one (the future then fails with it). */
  static <T> T unchecked(Call<T> c) {
    try {
      return c.run();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
