package io.dtvb.dynatrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.simulator.FaultSpec;
import io.dtvb.simulator.IssuedToken;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The client against a struggling simulator: retries, Retry-After, no blind create retry, breaker, limits. */
class ResilientClientTest extends ClientTestBase {

  private DynatraceTokenApi resilient(Resilience r) {
    return client(apiTokenConnection(info.url(), info.apiToken()), options().withResilience(r));
  }

  private static Resilience fast(int attempts) {
    return Resilience.defaults().withAttempts(attempts, Duration.ofMillis(5), Duration.ofSeconds(2))
        .withBreaker(1_000, Duration.ofSeconds(30));
  }

  @Test
  void aThrottledCallWaitsForRetryAfterAndThenSucceeds() {
    DynatraceTokenApi api = resilient(fast(3));
    sim.faults().set(FaultSpec.rateLimit(1)); // Retry-After: 1

    MintedToken minted = api.create(request("vault-retry-429", "metrics.read")).await();

    assertTrue(minted.token().startsWith(minted.id()));
    assertEquals(1, sim.counters().rateLimited());
    assertEquals(1, sim.counters().creates());
  }

  @Test
  void serverErrorsAreRetriedWithBackOffUntilAnAttemptSucceeds() {
    DynatraceTokenApi api = resilient(fast(4));
    IssuedToken t = sim.createToken("to-delete", List.of("metrics.read"), Instant.now().plusSeconds(3600));
    sim.faults().set(FaultSpec.serverError(503, 2));

    assertEquals(DeleteOutcome.DELETED, api.delete(t.id()).await());
    assertEquals(2, sim.counters().serverErrors());
  }

  @Test
  void retriesThatRunOutSayHowManyAttemptsWereMade() {
    DynatraceTokenApi api = resilient(fast(3));
    sim.faults().set(FaultSpec.serverError(502, -1));

    DynatraceException e = failure(api.list(null));

    assertTrue(e.retryable());
    assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
    assertEquals(3, sim.counters().serverErrors());
  }

  @Test
  void aCreateWhoseConnectionDroppedIsNotRetriedButADeleteIs() {
    DynatraceTokenApi api = resilient(fast(4));
    sim.faults().set(FaultSpec.outage(1));

    DynatraceException e = failure(api.create(request("vault-maybe-created", "metrics.read")));

    assertTrue(e.retryable());
    assertFalse(e.getMessage().contains("attempts"), "a create must not be retried blindly: " + e.getMessage());
    assertEquals(1, sim.counters().outages());
    IssuedToken t = sim.createToken("to-delete", List.of("metrics.read"), Instant.now().plusSeconds(3600));
    sim.faults().set(FaultSpec.outage(1));
    assertEquals(DeleteOutcome.DELETED, api.delete(t.id()).await());
  }

  @Test
  void theBreakerOpensRejectsWithoutCallingDynatraceAndClosesAfterAGoodProbe() {
    DynatraceTokenApi api = resilient(fast(1).withBreaker(2, Duration.ofSeconds(30)));
    sim.faults().set(FaultSpec.serverError(503, -1));
    failure(api.list(null));
    failure(api.list(null));
    long before = sim.counters().requests();

    DynatraceException rejected = failure(api.list(null));

    assertTrue(rejected.getMessage().contains("circuit breaker"), rejected.getMessage());
    assertEquals(before, sim.counters().requests(), "an open breaker must not reach Dynatrace");
    sim.faults().clear();
    clientClock.advance(Duration.ofSeconds(31));
    assertEquals(List.of(), api.list("owner(\"nobody\")").await());
    assertEquals(CircuitBreaker.State.CLOSED, ((DynatraceTokenApiHttp) api).breaker().state());
  }

  @Test
  void noMoreThanTheConcurrencyLimitIsInFlightAndTheQueueIsBounded() throws Exception {
    AtomicInteger now = new AtomicInteger();
    AtomicInteger max = new AtomicInteger();
    HttpServer slow = vertx.createHttpServer().requestHandler(req -> {
      max.accumulateAndGet(now.incrementAndGet(), Math::max);
      vertx.setTimer(50, t -> {
        now.decrementAndGet();
        req.response().putHeader("content-type", "application/json").end("{\"apiTokens\":[]}");
      });
    }).listen(0, "127.0.0.1").await();
    try {
      DynatraceTokenApi api = client(apiTokenConnection("http://127.0.0.1:" + slow.actualPort(), info.apiToken()),
          options().withResilience(fast(1).withConcurrency(2, 5)));
      List<Future<List<ApiTokenInfo>>> calls = new ArrayList<>();
      for (int i = 0; i < 7; i++) {
        calls.add(api.list(null));
      }
      DynatraceException refused = failure(api.list(null));

      calls.forEach(f -> f.await());
      assertEquals(2, max.get(), "in flight at once");
      assertTrue(refused.retryable() && refused.getMessage().contains("waiting"), refused.getMessage());
    } finally {
      slow.close().await();
    }
  }

  @Test
  void closingAReplacedClientLetsItsCallsInFlightFinish() {
    DynatraceTokenApi api = resilient(fast(1));
    sim.faults().set(FaultSpec.latency(300, 1));

    Future<List<ApiTokenInfo>> slow = api.list(null);
    Future<Void> closed = api.close();

    assertTrue(slow.await().size() >= 1, "the call in flight completed");
    closed.await();
    assertTrue(closed.succeeded());
  }

  @Test
  void aMassRevocationUnderThrottlingDeletesEveryTokenAndLosesNone() {
    DynatraceTokenApi api = resilient(Resilience.defaults().withAttempts(4, Duration.ofMillis(2), Duration.ofMillis(50)));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      ids.add(sim.createToken("vault-mass-" + i, List.of("metrics.read"), Instant.now().plusSeconds(3600)).id());
    }
    sim.faults().set(new FaultSpec(FaultSpec.Mode.RATE_LIMIT, 150, 429, 0, null, 0));

    List<String> pending = ids;
    int rounds = 0;
    while (!pending.isEmpty() && rounds < 10) { // what Vault's expiration manager does with failed revokes
      rounds++;
      List<Future<DeleteOutcome>> deletes = new ArrayList<>();
      pending.forEach(id -> deletes.add(api.delete(id)));
      Future.join(deletes).otherwiseEmpty().await();
      List<String> failed = new ArrayList<>();
      for (int i = 0; i < pending.size(); i++) {
        Future<DeleteOutcome> d = deletes.get(i);
        if (d.failed()) {
          assertTrue(d.cause() instanceof DynatraceException x && x.retryable(), String.valueOf(d.cause()));
          failed.add(pending.get(i));
        } else {
          assertTrue(d.result() == DeleteOutcome.DELETED || d.result() == DeleteOutcome.ALREADY_GONE);
        }
      }
      pending = failed;
    }

    assertTrue(pending.isEmpty(), pending.size() + " deletes still failing after " + rounds + " rounds");
    assertEquals(150, sim.counters().rateLimited());
    assertEquals(0, api.list(null).await().stream().filter(t -> t.name() != null && t.name().startsWith("vault-mass-")).count());
  }
}
