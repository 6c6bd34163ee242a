package io.dtvb.dynatrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.simulator.FaultSpec;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP client in OAUTH mode: SSO grant, bearer cache and refresh, platform proxy. */
class DynatraceTokenApiHttpOAuthTest extends ClientTestBase {
  private DynatraceTokenApi api;

  @BeforeEach
  void createClient() {
    api = client(oauthConnection(info.oauthClientSecret(), null), options());
  }

  @Test
  void mintsAndDeletesThroughThePlatformProxy() {
    MintedToken minted = api.create(request("oauth-lease", "metrics.read")).await();

    assertEquals(info.oauthClientId(), api.lookup(minted.token()).await().owner());
    assertEquals(DeleteOutcome.DELETED, api.delete(minted.id()).await());
    assertEquals(DeleteOutcome.ALREADY_GONE, api.delete(minted.id()).await());
  }

  @Test
  void bearerIsFetchedOnceForSeveralCalls() {
    MintedToken minted = api.create(request("a", "metrics.read")).await();
    api.get(minted.id()).await();
    api.list(null).await();
    api.delete(minted.id()).await();

    assertEquals(1, sim.counters().ssoGrants());
  }

  @Test
  void concurrentCallersShareOneGrant() {
    List<Future<MintedToken>> calls = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      calls.add(api.create(request("parallel-" + i, "metrics.read")));
    }

    Future.all(calls).await();

    assertEquals(1, sim.counters().ssoGrants());
    assertEquals(5, sim.counters().creates());
  }

  @Test
  void bearerIsRefreshedShortlyBeforeItExpires() {
    api.list(null).await();
    clientClock.advance(Duration.ofSeconds(260));
    api.list(null).await();
    assertEquals(1, sim.counters().ssoGrants());

    clientClock.advance(Duration.ofSeconds(11));
    api.list(null).await();

    assertEquals(2, sim.counters().ssoGrants());
  }

  @Test
  void rejectedCachedBearerIsReplacedOnceAndTheCallSucceeds() {
    api.list(null).await();
    sim.clock().advance(Duration.ofSeconds(301));

    MintedToken minted = api.create(request("after-expiry", "metrics.read")).await();

    assertTrue(minted.token().startsWith("dt0c01."));
    assertEquals(2, sim.counters().ssoGrants());
  }

  @Test
  void wrongSecretNamesWhatToCheckWithoutRevealingTheSecret() {
    String wrong = info.oauthClientId() + ".WRONGSECRETWRONGSECRET";
    DynatraceTokenApi bad = client(oauthConnection(wrong, null), options());

    DynatraceException e = failure(bad.create(request("x", "metrics.read")));

    assertEquals(400, e.status());
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains(info.oauthClientId()));
    assertTrue(e.getMessage().contains("client secret"));
    assertTrue(e.getMessage().contains("scope"));
    assertTrue(e.getMessage().contains("resource"));
    assertFalse(e.getMessage().contains("WRONGSECRET"));
    assertEquals(0, sim.counters().creates());
  }

  @Test
  void scopeTheClientDoesNotHoldIsNamed() {
    DynatraceTokenApi greedy = client(oauthConnection(info.oauthClientSecret(),
        "environment-api:api-tokens:write account-idm-write"), options());

    DynatraceException e = failure(greedy.create(request("x", "metrics.read")));

    assertEquals(400, e.status());
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("account-idm-write"));
  }

  @Test
  void readOnlyBearerCannotCreate() {
    DynatraceTokenApi reader = client(oauthConnection(info.oauthClientSecret(),
        "environment-api:api-tokens:read"), options());

    DynatraceException e = failure(reader.create(request("x", "metrics.read")));

    assertEquals(403, e.status());
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("environment-api:api-tokens:write"));
  }

  @Test
  void ssoRateLimitIsRetryable() {
    sim.faults().set(FaultSpec.rateLimit(1).onPath("/sso/"));

    DynatraceException e = failure(api.create(request("x", "metrics.read")));

    assertEquals(429, e.status());
    assertTrue(e.retryable());
    assertEquals(1, api.list(null).await().size());
  }

  @Test
  void ssoOutageIsRetryableAndTheNextCallGrantsAfresh() {
    sim.faults().set(FaultSpec.outage(1).onPath("/sso/"));

    DynatraceException e = failure(api.list(null));

    assertEquals(0, e.status());
    assertTrue(e.retryable());
    assertEquals(1, api.list(null).await().size());
    assertEquals(1, sim.counters().ssoGrants());
  }

  @Test
  void apiServerErrorIsRetryableInOAuthMode() {
    api.list(null).await();
    sim.faults().set(FaultSpec.serverError(500, 1).onPath("/platform/"));

    DynatraceException e = failure(api.delete("dt0c01.ANY"));

    assertEquals(500, e.status());
    assertTrue(e.retryable());
  }
}
