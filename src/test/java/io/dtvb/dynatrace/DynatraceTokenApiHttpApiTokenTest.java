package io.dtvb.dynatrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.simulator.FaultSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP client in API_TOKEN mode against the simulator, including the fault switch. */
class DynatraceTokenApiHttpApiTokenTest extends ClientTestBase {
  private DynatraceTokenApi api;

  @BeforeEach
  void createClient() {
    api = client(apiTokenConnection(info.url(), info.apiToken()), options());
  }

  @Test
  void createReturnsTheSecretIdAndTheExpirationDynatraceSet() {
    Instant expiry = Instant.now().plus(Duration.ofMinutes(90)).truncatedTo(ChronoUnit.MILLIS);

    MintedToken minted = api.create(new TokenCreateRequest("lease-1", List.of("metrics.read"), expiry, false)).await();

    assertTrue(minted.token().matches("dt0c01\\.[A-Z0-9]{24}\\.[A-Z0-9]{64}"));
    assertTrue(minted.token().startsWith(minted.id() + "."));
    assertEquals(expiry, minted.expirationDate());
    assertFalse(minted.toString().contains(minted.token()));
  }

  @Test
  void createWithoutExpirationYieldsNoExpiry() {
    MintedToken minted = api.create(new TokenCreateRequest("forever", List.of("metrics.read"), null, false)).await();

    assertNull(minted.expirationDate());
  }

  @Test
  void mintedTokenAuthenticatesUntilDeleted() {
    MintedToken minted = api.create(request("probe", "metrics.read")).await();
    DynatraceTokenApi self = client(apiTokenConnection(info.url(), minted.token()), options());

    ApiTokenInfo looked = self.lookup(minted.token()).await();
    DeleteOutcome outcome = api.delete(minted.id()).await();
    DynatraceException after = failure(self.lookup(minted.token()));

    assertEquals(minted.id(), looked.id());
    assertEquals(List.of("metrics.read"), looked.scopes());
    assertEquals(DeleteOutcome.DELETED, outcome);
    assertEquals(401, after.status());
    assertFalse(after.retryable());
  }

  @Test
  void deleteTreatsMissingTokenAsAlreadyGone() {
    MintedToken minted = api.create(request("twice", "metrics.read")).await();

    assertEquals(DeleteOutcome.DELETED, api.delete(minted.id()).await());
    assertEquals(DeleteOutcome.ALREADY_GONE, api.delete(minted.id()).await());
  }

  @Test
  void deleteAcceptsTheSecretButSendsOnlyTheId() {
    MintedToken minted = api.create(request("by-secret", "metrics.read")).await();
    sim.faults().set(FaultSpec.serverError(503, 1));

    DynatraceException failed = failure(api.delete(minted.token()));

    assertFalse(failed.getMessage().contains(minted.token()));
    assertTrue(failed.getMessage().contains(minted.id()));
    assertEquals(DeleteOutcome.DELETED, api.delete(minted.token()).await());
  }

  @Test
  void deletingTheMinterItselfIsANonRetryableError() {
    DynatraceException e = failure(api.delete(info.apiTokenId()));

    assertEquals(400, e.status());
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("can't delete the token you're using"));
  }

  @Test
  void badScopeIsNotRetryableAndCarriesDynatracesMessage() {
    DynatraceException e = failure(api.create(request("bad", "storage:logs:read")));

    assertEquals(400, e.status());
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("Constraints violated."));
    assertTrue(e.getMessage().contains("storage:logs:read"));
  }

  @Test
  void pastExpirationIsNotRetryable() {
    TokenCreateRequest past = new TokenCreateRequest("old", List.of("metrics.read"),
        Instant.now().minus(Duration.ofDays(1)), false);

    DynatraceException e = failure(api.create(past));

    assertEquals(400, e.status());
    assertTrue(e.getMessage().contains("expirationDate"));
  }

  @Test
  void unknownCredentialIsUnauthorizedAndNotRetryable() {
    DynatraceTokenApi stranger = client(apiTokenConnection(info.url(), info.apiToken() + "X"), options());

    DynatraceException e = failure(stranger.create(request("x", "metrics.read")));

    assertEquals(401, e.status());
    assertFalse(e.retryable());
    assertFalse(e.getMessage().contains(info.apiToken()));
  }

  @Test
  void missingWriteScopeIsForbiddenWithTheScopeNamed() {
    String reader = sim.createToken("reader", List.of("apiTokens.read"), null).token();
    DynatraceTokenApi weak = client(apiTokenConnection(info.url(), reader), options());

    DynatraceException e = failure(weak.create(request("x", "metrics.read")));

    assertEquals(403, e.status());
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("apiTokens.write"));
  }

  @Test
  void rateLimitIsRetryableAndCarriesTheRequestedWait() {
    sim.faults().set(FaultSpec.rateLimit(1));

    DynatraceException e = failure(api.create(request("x", "metrics.read")));

    assertEquals(429, e.status());
    assertTrue(e.retryable());
    assertEquals(Duration.ofSeconds(1), e.retryAfter().orElseThrow());
    assertEquals(0, sim.counters().creates());
  }

  @Test
  void serverErrorIsRetryable() {
    sim.faults().set(FaultSpec.serverError(503, 1));

    DynatraceException e = failure(api.delete("dt0c01.ANY"));

    assertEquals(503, e.status());
    assertTrue(e.retryable());
  }

  @Test
  void outageIsRetryableWithoutStatus() {
    sim.faults().set(FaultSpec.outage(1));

    DynatraceException e = failure(api.create(request("x", "metrics.read")));

    assertEquals(0, e.status());
    assertTrue(e.retryable());
  }

  @Test
  void latencyBeyondTheTimeoutIsARetryableTimeout() {
    DynatraceTokenApi impatient = client(apiTokenConnection(info.url(), info.apiToken()),
        options().withRequestTimeout(Duration.ofMillis(200)));
    sim.faults().set(FaultSpec.latency(5_000, 1));

    DynatraceException e = failure(impatient.create(request("slow", "metrics.read")));

    assertEquals(0, e.status());
    assertTrue(e.retryable());
    assertTrue(e.getMessage().contains("timed out"));
    assertTrue(DynatraceErrors.isTimeout(e.getCause()));
  }

  @Test
  void unreachableServerIsRetryable() {
    String url = info.url();
    sim.stop().await();
    DynatraceTokenApi orphan = client(apiTokenConnection(url, info.apiToken()), options());

    DynatraceException e = failure(orphan.create(request("x", "metrics.read")));

    assertEquals(0, e.status());
    assertTrue(e.retryable());
  }

  @Test
  void getAndListReturnMetadataWithScopesAndExpiry() {
    MintedToken minted = api.create(request("listed", "metrics.read", "logs.read")).await();
    String owner = api.get(minted.id()).await().owner();

    List<ApiTokenInfo> owned = api.list("owner(\"" + owner + "\")").await();

    ApiTokenInfo listed = owned.stream().filter(t -> t.id().equals(minted.id())).findFirst().orElseThrow();
    assertEquals(List.of("metrics.read", "logs.read"), listed.scopes());
    assertEquals(minted.expirationDate(), listed.expirationDate());
    assertTrue(listed.enabled());
    assertEquals(2, owned.size());
  }

  @Test
  void listFollowsEveryPage() {
    for (int i = 0; i < 1200; i++) {
      sim.createToken("bulk-" + i, List.of("metrics.read"), null);
    }

    assertEquals(1201, api.list(null).await().size());
  }

  @Test
  void getOfUnknownTokenIsNotFound() {
    DynatraceException e = failure(api.get("dt0c01.UNKNOWN"));

    assertEquals(404, e.status());
    assertFalse(e.retryable());
  }

  @Test
  void managedEnvironmentUrlUsesTheEnvironmentPath() {
    DynatraceTokenApi managed = client(apiTokenConnection(info.managedEnvironmentUrl(), info.apiToken()), options());

    MintedToken minted = managed.create(request("managed", "metrics.read")).await();

    assertEquals(DeleteOutcome.DELETED, managed.delete(minted.id()).await());
  }

  @Test
  void connectionWithoutItsCredentialIsRefusedUpFront() {
    DynatraceConnection noToken = apiTokenConnection(info.url(), " ");
    DynatraceConnection noSecret = new DynatraceConnection(info.url(), DynatraceConnection.AuthMode.OAUTH,
        null, info.oauthClientId(), null, info.oauthResource(), null, info.ssoUrl(), null);

    assertThrows(IllegalArgumentException.class, () -> DynatraceTokenApiHttp.create(vertx, noToken, options()));
    assertThrows(IllegalArgumentException.class, () -> DynatraceTokenApiHttp.create(vertx, noSecret, options()));
  }

  @Test
  void timeoutCauseIsATimeoutException() {
    assertTrue(DynatraceErrors.isTimeout(new RuntimeException(new TimeoutException("x"))));
  }
}
