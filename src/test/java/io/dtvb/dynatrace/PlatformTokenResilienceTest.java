package io.dtvb.dynatrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The account client under throttling and failures: which rate-limit hint sets the wait (read from
 * the retry decisions the client reports, not from wall time), back-off without a hint, no blind
 * create retry. The client clock stands still at a whole second, so hints resolve exactly.
 */
class PlatformTokenResilienceTest extends AccountTestBase {
  private final List<Duration> waits = new CopyOnWriteArrayList<>();

  private PlatformTokenApi resilient(int attempts) {
    DynatraceCallListener listener = new DynatraceCallListener() {
      @Override
      public void onRetry(String what, int attempt, int status, Duration delay) {
        waits.add(delay);
      }
    };
    return client(stub.connection(), options().withResilience(Resilience.defaults()
        .withAttempts(attempts, Duration.ofMillis(100), Duration.ofSeconds(2)).withListener(listener)));
  }

  private String epochSecondsFromNow(long seconds) {
    return Long.toString(clientClock.instant().getEpochSecond() + seconds);
  }

  @Test
  void aResetInEpochSecondsMakesTheClientWaitUntilThen() {
    PlatformTokenApi api = resilient(3);
    stub.respond("GET", "/platform-tokens", 429, "{\"error\":true,\"message\":\"Too many requests\"}",
        "X-RateLimit-Reset", epochSecondsFromNow(1));

    assertEquals(List.of(), api.list(null).await());

    assertEquals(List.of(Duration.ofSeconds(1)), waits, "read as microseconds this would be 1970: no wait at all");
    assertEquals(2, stub.requests("GET", "/platform-tokens").size());
  }

  @Test
  void theClassicClientReadsASecondsResetTheSameWay() {
    DynatraceCallListener listener = new DynatraceCallListener() {
      @Override
      public void onRetry(String what, int attempt, int status, Duration delay) {
        waits.add(delay);
      }
    };
    DynatraceTokenApi api = classic(new DynatraceConnection(stub.url(), DynatraceConnection.AuthMode.API_TOKEN,
        "dt0c01.ABC.DEF", null, null, null, null, null, null), options().withResilience(Resilience.defaults()
        .withAttempts(3, Duration.ofMillis(100), Duration.ofSeconds(2)).withListener(listener)));
    stub.respond("GET", "/api/v2/apiTokens", 429, "", "X-RateLimit-Reset", epochSecondsFromNow(1));
    stub.respond("GET", "/api/v2/apiTokens", 200, "{\"apiTokens\":[]}", "Content-Type", "application/json");

    assertEquals(List.of(), api.list(null).await());

    assertEquals(List.of(Duration.ofSeconds(1)), waits);
  }

  @Test
  void aSmallResetIsASecondsDelta() {
    PlatformTokenApi api = resilient(3);
    stub.respond("GET", "/limits", 429, "", "X-RateLimit-Reset", "1");

    assertEquals(3, api.limits().await().size());

    assertEquals(List.of(Duration.ofSeconds(1)), waits);
  }

  @Test
  void retryAfterWinsOverTheReset() {
    PlatformTokenApi api = resilient(3);
    stub.respond("DELETE", "/platform-tokens/", 429, "", "Retry-After", "1", "X-RateLimit-Reset", epochSecondsFromNow(2));

    assertEquals(DeleteOutcome.ALREADY_GONE, api.delete("dt0s16.NOTHERE1").await());

    assertEquals(List.of(Duration.ofSeconds(1)), waits);
  }

  @Test
  void withoutAUsableHintTheWaitIsTheExponentialBackOff() {
    PlatformTokenApi api = resilient(4);
    stub.respond("GET", "/platform-tokens", 429, "");
    stub.respond("GET", "/platform-tokens", 429, "", "X-RateLimit-Reset", epochSecondsFromNow(-30));
    stub.respond("GET", "/platform-tokens", 429, "", "Retry-After", "soon");

    api.list(null).await();

    assertEquals(3, waits.size());
    for (int i = 0; i < 3; i++) {
      long cap = 100L << i;
      long ms = waits.get(i).toMillis();
      assertTrue(ms >= cap / 2 && ms <= cap, "wait " + (i + 1) + " was " + ms + " ms, cap " + cap);
    }
  }

  @Test
  void aHintBeyondWhatTheRetriesMayWaitEndsThemAndIsReported() {
    PlatformTokenApi api = resilient(3);
    stub.respond("GET", "/platform-tokens", 429, "", "X-RateLimit-Reset", epochSecondsFromNow(120));

    DynatraceException e = failure(api.list(null));

    assertEquals(429, e.status());
    assertTrue(e.retryable());
    assertEquals(Duration.ofSeconds(120), e.retryAfter().orElseThrow());
    assertEquals(List.of(), waits);
    assertEquals(1, stub.requests("GET", "/platform-tokens").size());
  }

  @Test
  void aThrottledCreateIsRetriedButOneWhoseConnectionDroppedIsNot() {
    PlatformTokenApi api = resilient(3);
    stub.respond("POST", "/platform-tokens", 429, "", "Retry-After", "1");
    assertTrue(api.create(request("throttled", "storage:logs:read")).await().token().startsWith("dt0s16."));

    stub.respond("POST", "/platform-tokens", -1, null);
    DynatraceException e = failure(api.create(request("maybe-created", "storage:logs:read")));

    assertTrue(e.retryable());
    assertFalse(e.getMessage().contains("attempts"), "a create must not be retried blindly: " + e.getMessage());
    assertEquals(3, stub.requests("POST", "/platform-tokens").size());
  }

  @Test
  void idempotentCallsAreRetriedAfterDroppedConnectionsAndServerErrors() {
    PlatformTokenApi api = resilient(4);
    MintedToken gone = api.create(request("to-delete", "storage:logs:read")).await();
    MintedToken kept = api.create(request("to-renew", "storage:logs:read")).await();
    stub.respond("DELETE", "/platform-tokens/", -1, null);
    stub.respond("DELETE", "/platform-tokens/", 503, "{\"error\":true,\"message\":\"Service unavailable\"}");
    stub.respond("PUT", "/expiration-date", 500, "");

    assertEquals(DeleteOutcome.DELETED, api.delete(gone.id()).await());
    api.setExpiration(kept.id(), clientClock.instant().plusSeconds(60)).await();

    assertEquals(3, stub.requests("DELETE", "/platform-tokens/").size());
    assertEquals(2, stub.requests("PUT", "/expiration-date").size());
    assertEquals(3, waits.size());
  }

  @Test
  void retriesThatRunOutSayHowManyAttemptsWereMadeWithDynatracesMessage() {
    PlatformTokenApi api = resilient(2);
    stub.respond("GET", "/limits", 502, "{\"error\":true,\"message\":\"Bad gateway\"}");
    stub.respond("GET", "/limits", 502, "{\"error\":true,\"message\":\"Bad gateway\"}");

    DynatraceException e = failure(api.limits());

    assertEquals("Dynatrace answered 502 to GET /limits: Bad gateway (after 2 attempts)", e.getMessage());
  }
}
