package io.dtvb.dynatrace;

import static org.junit.jupiter.api.Assertions.assertThrows;

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

/** A fresh {@link AccountApiStub} per test, and helpers to build platform-token clients against it. */
abstract class AccountTestBase {
  static Vertx vertx;
  AccountApiStub stub;
  MutableClock clientClock;
  private final List<PlatformTokenApi> clients = new ArrayList<>();
  private final List<DynatraceTokenApi> classicClients = new ArrayList<>();

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    vertx.close().await();
  }

  @BeforeEach
  void startStub() {
    stub = AccountApiStub.start(vertx);
    clientClock = new MutableClock(Instant.parse("2026-08-06T10:00:00Z"));
  }

  @AfterEach
  void stopStub() {
    clients.forEach(c -> c.close().await());
    classicClients.forEach(c -> c.close().await());
    stub.stop();
  }

  /** One attempt per call and a breaker that never opens: tests of single-call behaviour. */
  DynatraceClientOptions options() {
    return DynatraceClientOptions.defaults().withRequestTimeout(Duration.ofSeconds(10)).withClock(clientClock)
        .withResilience(Resilience.defaults().withAttempts(1, Duration.ofMillis(1), Duration.ofMillis(1))
            .withBreaker(1_000_000, Duration.ofSeconds(1)));
  }

  PlatformTokenApi client() {
    return client(stub.connection(), options());
  }

  PlatformTokenApi client(AccountConnection connection, DynatraceClientOptions options) {
    PlatformTokenApi api = PlatformTokenApiHttp.create(vertx, connection, options);
    clients.add(api);
    return api;
  }

  /** A classic client against the stub (which answers only what a test stages). */
  DynatraceTokenApi classic(DynatraceConnection connection, DynatraceClientOptions options) {
    DynatraceTokenApi api = DynatraceTokenApiHttp.create(vertx, connection, options);
    classicClients.add(api);
    return api;
  }

  /** A create request expiring one hour after the client clock's now. */
  PlatformTokenCreate request(String name, String... scopes) {
    return new PlatformTokenCreate(name, List.of(scopes), List.of("urn:dtenvironment:abc12345"), null,
        clientClock.instant().plus(Duration.ofHours(1)), null);
  }

  /** Awaits a future expected to fail and returns its DynatraceException. */
  static DynatraceException failure(Future<?> future) {
    return assertThrows(DynatraceException.class, future::await);
  }
}
