package io.dtvb.engine;

import static io.dtvb.engine.EngineHarness.START;
import static io.dtvb.engine.EngineHarness.assertOk;
import static io.dtvb.engine.EngineHarness.errorOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.engine.EngineHarness.Lease;
import io.dtvb.vaultsdk.framework.CodedError;
import io.dtvb.vaultsdk.framework.Response;
import io.dtvb.vaultsdk.framework.StaticSystemView;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TokenSecretTest {
  private static final StaticSystemView MOUNT =
      new StaticSystemView(Duration.ofMinutes(20), Duration.ofHours(8), false, "");

  private final EngineHarness h = new EngineHarness(MOUNT);
  private Lease lease;

  @BeforeEach
  void issueALease() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read", "ttl", "1h", "max_ttl", "4h"));
    lease = h.issue("ci");
  }

  @Test
  void renewWithoutIncrementExtendsByTheRoleTtl() throws Exception {
    h.clock.advance(Duration.ofMinutes(50));

    Response r = h.renew(lease, Duration.ZERO);

    assertEquals(Duration.ofHours(1), r.secret().ttl());
    assertTrue(r.secret().renewable());
    assertEquals(Duration.ofHours(4), r.secret().maxTtl());
  }

  @Test
  void renewHonoursTheRequestedIncrement() throws Exception {
    h.clock.advance(Duration.ofMinutes(10));

    assertEquals(Duration.ofMinutes(15), h.renew(lease, Duration.ofMinutes(15)).secret().ttl());
  }

  @Test
  void renewIsCappedAtTheHardEndAndThenStopsBeingRenewable() throws Exception {
    h.clock.set(START.plus(Duration.ofHours(4)).minus(Duration.ofMinutes(10)));

    Response r = h.renew(lease, Duration.ofHours(1));

    assertEquals(Duration.ofMinutes(10), r.secret().ttl());
    assertFalse(r.secret().renewable());
    assertEquals(START.plus(Duration.ofHours(4)), lease.issuedAt().plus(r.secret().maxTtl()));
  }

  @Test
  void renewEchoesTheInternalDataAndTheResponseData() throws Exception {
    h.clock.advance(Duration.ofMinutes(30));

    Response r = h.renew(lease, Duration.ZERO);

    assertEquals(lease.internal(), EngineHarness.roundTrip(r.secret().internalData()));
    assertEquals(lease.data(), EngineHarness.roundTrip(r.data()));
    assertOk(h.revoke(lease.renewedBy(r)));
    assertTrue(h.broker.live.isEmpty());
  }

  @Test
  void renewAfterTheHardEndIsRefused() throws Exception {
    h.clock.set(START.plus(Duration.ofHours(4)));

    assertEquals("token has reached its fixed expiry", errorOf(h.renew(lease, Duration.ZERO)));
  }

  @Test
  void renewAfterTheRoleWasDeletedUsesTheMountDefault() throws Exception {
    h.delete("roles/ci");
    h.clock.advance(Duration.ofMinutes(5));

    assertEquals(Duration.ofMinutes(20), h.renew(lease, Duration.ZERO).secret().ttl());
  }

  @Test
  void renewTreatsGoZeroIssueTimeAsNowSoVaultCannotPassTheHardEnd() throws Exception {
    h.clock.advance(Duration.ofHours(1));
    Lease zeroIssue = new Lease(lease.data(), lease.internal(), lease.ttl(), lease.maxTtl(), true,
        Instant.ofEpochSecond(-62135596800L));

    Response r = h.renew(zeroIssue, Duration.ofHours(2));

    assertEquals(Duration.ofHours(3), r.secret().maxTtl());
  }

  @Test
  void renewChainNeverOutlivesTheHardEnd() throws Exception {
    Lease current = lease;
    Response last = null;
    for (int i = 0; i < 10 && current.renewable(); i++) {
      h.clock.advance(Duration.ofMinutes(45));
      last = h.renew(current, Duration.ZERO);
      assertTrue(h.clock.instant().plus(last.secret().ttl()).compareTo(START.plus(Duration.ofHours(4))) <= 0);
      current = current.renewedBy(last);
    }
    assertFalse(current.renewable());
  }

  @Test
  void revokeDeletesTheTokenInDynatrace() throws Exception {
    assertNull(h.revoke(lease));

    assertEquals(List.of(lease.data().get("token_id")), h.broker.revokes);
    assertTrue(h.broker.live.isEmpty());
    assertNull(h.read("tokens/" + lease.data().get("token_id")), "its inventory entry is gone after the reply");
  }

  @Test
  void revokeTreatsMissingTokenAsRevoked() throws Exception {
    h.broker.live.clear();

    assertOk(h.revoke(lease));
    assertOk(h.revoke(lease));
    assertEquals(2, h.broker.revokes.size());
  }

  @ParameterizedTest
  @EnumSource(value = UpstreamException.Kind.class, names = {"RETRYABLE", "REJECTED", "INVALID"})
  void revokeReportsUpstreamFailuresAsOrdinaryErrorsSoVaultRetries(UpstreamException.Kind kind) throws Exception {
    h.broker.failNext(FakeSidecar.Call.REVOKE, new UpstreamException(kind, 0, "sidecar says no", null));

    CodedError e = assertThrows(CodedError.class, () -> h.revoke(lease));

    assertEquals(kind == UpstreamException.Kind.RETRYABLE ? 503 : 502, e.status());
    assertTrue(e.getMessage().contains("sidecar says no") && e.getMessage().contains((String) lease.data().get("token_id")));
    assertOk(h.revoke(lease));
    assertTrue(h.broker.live.isEmpty());
  }

  @Test
  void revokePassesDynatracesStatusAndMessageThrough() throws Exception {
    h.broker.failNext(FakeSidecar.Call.REVOKE,
        UpstreamException.rejected(400, "Cannot delete the token used to authenticate"));

    CodedError e = assertThrows(CodedError.class, () -> h.revoke(lease));

    assertTrue(e.getMessage().contains("HTTP 400: Cannot delete the token used to authenticate"), e.getMessage());
  }

  @Test
  void revokePushesTheConnectionAgainWhenTheSidecarForgotIt() throws Exception {
    h.broker.forgetConnections();

    assertOk(h.revoke(lease));

    assertEquals(2, h.broker.pushes.size());
    assertTrue(h.broker.live.isEmpty());
  }

  @Test
  void revokeWithoutConfigIsARetryableError() throws Exception {
    h.delete("config", Map.of("force", true)); // a lease is live: only a forced delete removes the config

    assertEquals(503, assertThrows(CodedError.class, () -> h.revoke(lease)).status());
    assertFalse(h.broker.live.isEmpty());
  }

  @Test
  void revokeWithoutATokenIdIsAnOrdinaryError() throws Exception {
    Map<String, Object> internal = new LinkedHashMap<>(lease.internal());
    internal.remove("token_id");
    Lease broken = new Lease(lease.data(), internal, lease.ttl(), lease.maxTtl(), true, lease.issuedAt());

    assertThrows(CodedError.class, () -> h.revoke(broken));
  }
}
