package io.dtvb.dynatrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.simulator.DynatraceSimulator;
import io.dtvb.simulator.FaultSpec;
import io.dtvb.simulator.IssuedToken;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP client in PLATFORM_TOKEN mode: a static dt0s16 bearer on the platform proxy, no SSO. */
class DynatraceTokenApiHttpPlatformTokenTest extends ClientTestBase {
  private static final List<String> RW =
      List.of("environment-api:api-tokens:read", "environment-api:api-tokens:write");
  private DynatraceTokenApi api;

  @BeforeEach
  void createClient() {
    api = client(platformTokenConnection(info.platformToken()), options());
  }

  @Test
  void mintsListsAndDeletesThroughThePlatformProxyWithoutAnySsoCall() {
    MintedToken minted = api.create(request("platform-lease", "metrics.read")).await();

    assertTrue(minted.token().startsWith("dt0c01."));
    assertTrue(api.list(null).await().stream().anyMatch(t -> t.id().equals(minted.id())));
    assertEquals(DynatraceSimulator.PLATFORM_TOKEN_OWNER, api.get(minted.id()).await().owner());
    assertEquals(DeleteOutcome.DELETED, api.delete(minted.id()).await());
    assertEquals(DeleteOutcome.ALREADY_GONE, api.delete(minted.id()).await());
    assertEquals(0, sim.counters().ssoGrants());
  }

  @Test
  void countReadsOneSmallPage() {
    api.create(request("a", "metrics.read")).await();

    assertEquals(2, api.count().await());
  }

  @Test
  void unknownPlatformTokenIsAFinal401() {
    String unknown = info.platformTokenId() + ".UNKNOWNSECRETUNKNOWNSECRETUNKNOWNSECRETUNKNOWNSECRETUNKNOWNSECRE";
    DynatraceTokenApi bad = client(platformTokenConnection(unknown), options());

    DynatraceException e = failure(bad.create(request("x", "metrics.read")));

    assertEquals(401, e.status());
    assertFalse(e.retryable());
    assertFalse(e.getMessage().contains("UNKNOWNSECRET"));
    assertEquals(0, sim.counters().creates());
    assertEquals(0, sim.counters().ssoGrants());
  }

  @Test
  void expiredPlatformTokenIs403SayingItExpired() {
    IssuedToken shortLived = sim.createPlatformToken("short", "svc@example.invalid", RW,
        Instant.now().plus(Duration.ofMinutes(5)));
    DynatraceTokenApi expiring = client(platformTokenConnection(shortLived.token()), options());
    assertEquals(1, expiring.count().await());

    sim.clock().advance(Duration.ofMinutes(6));
    DynatraceException e = failure(expiring.list(null));

    assertEquals(403, e.status());
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("expired"), e.getMessage());
  }

  @Test
  void readOnlyPlatformTokenCannotCreate() {
    IssuedToken reader = sim.createPlatformToken("reader", "svc@example.invalid",
        List.of("environment-api:api-tokens:read"), null);
    DynatraceTokenApi readOnly = client(platformTokenConnection(reader.token()), options());

    DynatraceException e = failure(readOnly.create(request("x", "metrics.read")));

    assertEquals(403, e.status());
    assertTrue(e.getMessage().contains("environment-api:api-tokens:write"));
  }

  @Test
  void tokensMintedAreOwnedByThePlatformTokensOwner() {
    IssuedToken other = sim.createPlatformToken("other", "team-b@example.invalid", RW, null);
    DynatraceTokenApi teamB = client(platformTokenConnection(other.token()), options());

    MintedToken minted = teamB.create(request("b", "metrics.read")).await();

    assertEquals("team-b@example.invalid", teamB.get(minted.id()).await().owner());
  }

  @Test
  void apiServerErrorIsRetryable() {
    sim.faults().set(FaultSpec.serverError(503, 1).onPath("/platform/"));

    DynatraceException e = failure(api.delete("dt0c01.ANY"));

    assertEquals(503, e.status());
    assertTrue(e.retryable());
  }

  @Test
  void connectionNeedsAPlatformTokenAndNeverPrintsIt() {
    assertThrows(IllegalArgumentException.class,
        () -> DynatraceTokenApiHttp.create(vertx, platformTokenConnection(null), options()));
    assertThrows(IllegalArgumentException.class,
        () -> DynatraceTokenApiHttp.create(vertx, platformTokenConnection(info.apiToken()), options()));

    DynatraceConnection c = platformTokenConnection(info.platformToken());
    assertFalse(c.toString().contains(info.platformToken()));
    assertEquals(info.platformTokenId(), c.platformTokenId());
    assertTrue(c.apiBaseUrl().endsWith("/platform/classic/environment-api/v2"));
    assertNull(platformTokenConnection("dt0s16.NODOTS").platformTokenId());
  }
}
