package io.dtvb.dynatrace;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dtvb.simulator.DynatraceSimulator;
import io.dtvb.simulator.SimulatorInfo;
import io.dtvb.simulator.SimulatorOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** A fresh simulator per test, and helpers to build clients against it. */
abstract class ClientTestBase {
  static Vertx vertx;
  DynatraceSimulator sim;
  SimulatorInfo info;
  MutableClock clientClock;
  private final List<DynatraceTokenApi> clients = new ArrayList<>();

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    vertx.close().await();
  }

  @BeforeEach
  void startSimulator() {
    sim = DynatraceSimulator.start(vertx, SimulatorOptions.defaults()).await();
    info = sim.info();
    clientClock = new MutableClock(Instant.now());
  }

  @AfterEach
  void stopSimulator() {
    clients.forEach(c -> c.close().await());
    sim.stop().await();
  }

  /** One attempt per call and a breaker that never opens: tests of single-call behaviour. */
  DynatraceClientOptions options() {
    return DynatraceClientOptions.defaults().withRequestTimeout(Duration.ofSeconds(10)).withClock(clientClock)
        .withResilience(Resilience.defaults().withAttempts(1, Duration.ofMillis(1), Duration.ofMillis(1))
            .withBreaker(1_000_000, Duration.ofSeconds(1)));
  }

  DynatraceTokenApi client(DynatraceConnection connection, DynatraceClientOptions options) {
    DynatraceTokenApi api = DynatraceTokenApiHttp.create(vertx, connection, options);
    clients.add(api);
    return api;
  }

  DynatraceConnection apiTokenConnection(String environmentUrl, String token) {
    return new DynatraceConnection(environmentUrl, DynatraceConnection.AuthMode.API_TOKEN, token,
        null, null, null, null, null, null);
  }

  DynatraceConnection oauthConnection(String clientSecret, String scope) {
    return new DynatraceConnection(info.url(), DynatraceConnection.AuthMode.OAUTH, null,
        info.oauthClientId(), clientSecret, info.oauthResource(), scope, info.ssoUrl(), null);
  }

  DynatraceConnection platformTokenConnection(String platformToken) {
    return new DynatraceConnection(info.url(), DynatraceConnection.AuthMode.PLATFORM_TOKEN, null,
        null, null, null, null, null, platformToken);
  }

  static TokenCreateRequest request(String name, String... scopes) {
    return new TokenCreateRequest(name, List.of(scopes), Instant.now().plus(Duration.ofHours(1)), false);
  }

  /** Awaits a future expected to fail and returns its DynatraceException. */
  static DynatraceException failure(Future<?> future) {
    return assertThrows(DynatraceException.class, future::await);
  }
}
