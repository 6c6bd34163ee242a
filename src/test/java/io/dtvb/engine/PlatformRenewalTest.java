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
import io.dtvb.sidecarapi.TokenType;
import io.dtvb.testing.Seeded;
import io.dtvb.vaultsdk.framework.CodedError;
import io.dtvb.vaultsdk.framework.Response;
import io.dtvb.vaultsdk.framework.StaticSystemView;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A platform token's expiry follows its lease: every renewal moves it, and a renewal it cannot follow is refused. */
class PlatformRenewalTest {
  private static final StaticSystemView MOUNT =
      new StaticSystemView(Duration.ofMinutes(20), Duration.ofHours(8), false, "");
  private static final Instant HARD_END = START.plus(Duration.ofHours(4));
  private static final Duration SKEW = LeaseTerms.EXPIRY_SKEW;

  private final EngineHarness h = new EngineHarness(MOUNT);
  private Lease lease;
  private String tokenId;

  @BeforeEach
  void issueAPlatformLease() throws Exception {
    Map<String, Object> role = new LinkedHashMap<>(Map.of("token_type", "platform", "scopes", "storage:logs:read",
        "ttl", "1h", "max_ttl", "4h"));
    h.configuredWithAccount().withRole("ci", role).withRole("classic", Map.of("scopes", "logs.read", "ttl", "1h",
        "max_ttl", "4h"));
    lease = h.issue("ci");
    tokenId = (String) lease.data().get("token_id");
  }

  private Instant upstreamExpiry() {
    return h.broker.live.get(tokenId).expiration();
  }

  @Test
  void aRenewalMovesTheTokensExpiryToTheNewLeaseEndPlusTheSkew() throws Exception {
    assertEquals(START.plus(Duration.ofHours(1)).plus(SKEW), upstreamExpiry());
    h.clock.advance(Duration.ofMinutes(50));

    Response r = h.renew(lease, Duration.ZERO);

    assertOk(r);
    assertEquals(Duration.ofHours(1), r.secret().ttl());
    Instant moved = h.clock.instant().plus(Duration.ofHours(1)).plus(SKEW);
    FakeSidecar.Action move = h.broker.expiryMoves().get(0);
    assertEquals(tokenId, move.target());
    assertEquals(moved, move.expirationDate());
    assertEquals(TokenType.PLATFORM, move.lease().tokenType());
    assertEquals(moved, upstreamExpiry());
    assertEquals(moved.toString(), h.read("tokens/" + tokenId).data().get("expires_at"), "the inventory follows");
  }

  @Test
  void aRenewalNearTheHardEndMovesTheExpiryToTheHardEndPlusTheSkewAndNoFurther() throws Exception {
    h.clock.set(HARD_END.minus(Duration.ofMinutes(10)));

    Response r = h.renew(lease, Duration.ofHours(2));

    assertEquals(Duration.ofMinutes(10), r.secret().ttl());
    assertFalse(r.secret().renewable());
    assertEquals(HARD_END.plus(SKEW), upstreamExpiry());
  }

  static Stream<Arguments> renewalSteps() {
    return Seeded.cases(60, Seeded.longs(1, 90).list(1, 12), Seeded.longs(0, 120).list(12, 12));
  }

  @ParameterizedTest
  @MethodSource("renewalSteps")
  void aChainOfRenewalsKeepsTheExpiryAtTheLeaseEndPlusTheSkewAndNeverPastTheHardEndPlusTheSkew(
      List<Long> waitsMinutes, List<Long> incrementsMinutes) throws Exception {
    Lease current = lease;
    for (int i = 0; i < waitsMinutes.size() && current.renewable(); i++) {
      h.clock.advance(Duration.ofMinutes(waitsMinutes.get(i)));
      if (!h.clock.instant().isBefore(HARD_END)) {
        break;
      }
      Response r = h.renew(current, Duration.ofMinutes(incrementsMinutes.get(i)));
      assertOk(r);
      Instant leaseEnd = h.clock.instant().plus(r.secret().ttl());
      assertFalse(leaseEnd.isAfter(HARD_END));
      assertEquals(leaseEnd.plus(SKEW), upstreamExpiry());
      assertFalse(upstreamExpiry().isAfter(HARD_END.plus(SKEW)));
      current = current.renewedBy(r);
    }
  }

  @Test
  void aRenewalDynatraceRefusesIsA400AndLeavesTheExpiryAlone() throws Exception {
    Instant before = upstreamExpiry();
    h.clock.advance(Duration.ofMinutes(30));
    h.broker.failNext(FakeSidecar.Call.RENEWED, UpstreamException.rejected(404, "Token not found"));

    String error = errorOf(h.renew(lease, Duration.ZERO));

    assertTrue(error.contains("not extended") && error.contains("Token not found")
        && error.contains("keeps its current expiry"), error);
    assertEquals(before, upstreamExpiry());
    assertEquals(before.toString(), h.read("tokens/" + tokenId).data().get("expires_at"));
    assertEquals(1L, metrics().get("dvb_engine_renewals_refused{outcome=refused,token_type=platform}"));
    assertNull(metrics().get("dvb_engine_renewals{renewable=true,token_type=platform}"));
  }

  @Test
  void aRenewalWhileDynatraceIsUnavailableIsA503SayingTheLeaseWasNotExtended() throws Exception {
    h.clock.advance(Duration.ofMinutes(30));
    h.broker.renewedFailure = UpstreamException.retryable("Dynatrace answered 503", null);

    CodedError first = assertThrows(CodedError.class, () -> h.renew(lease, Duration.ZERO));
    CodedError second = assertThrows(CodedError.class, () -> h.renew(lease, Duration.ZERO));

    assertEquals(503, first.status());
    assertTrue(first.getMessage().contains("not extended") && first.getMessage().contains("keeps its current expiry"),
        first.getMessage());
    assertEquals(503, second.status(), "the switch stays on");
    assertEquals(START.plus(Duration.ofHours(1)).plus(SKEW), upstreamExpiry());
    assertEquals(2L, metrics().get("dvb_engine_renewals_refused{outcome=unavailable,token_type=platform}"));

    h.broker.renewedFailure = null;
    assertOk(h.renew(lease, Duration.ZERO));
  }

  @Test
  void aRenewalWithoutTheAccountSideIsRefusedNamingAccountUuid() throws Exception {
    assertOk(h.write("config", Map.of("account_uuid", "", "account_client_id", "", "account_client_secret", "",
        "force", true)));

    String error = errorOf(h.renew(lease, Duration.ZERO));

    assertTrue(error.contains("not extended") && error.contains("account_uuid"), error);
    assertTrue(h.broker.expiryMoves().isEmpty());
  }

  @Test
  void aRenewalWithoutConfigIsA503() throws Exception {
    h.delete("config", Map.of("force", true));

    CodedError e = assertThrows(CodedError.class, () -> h.renew(lease, Duration.ZERO));

    assertEquals(503, e.status());
    assertTrue(e.getMessage().contains("not extended"), e.getMessage());
  }

  @Test
  void aRenewalPastTheHardEndIsRefusedWithoutAnUpstreamCall() throws Exception {
    h.clock.set(HARD_END);

    assertEquals("token has reached its fixed expiry", errorOf(h.renew(lease, Duration.ZERO)));
    assertTrue(h.broker.expiryMoves().isEmpty());
  }

  @Test
  void classicRenewalsSendNoExpiryAndStayBestEffort() throws Exception {
    Lease classic = h.issue("classic");
    h.clock.advance(Duration.ofMinutes(10));
    h.broker.failNext(FakeSidecar.Call.RENEWED, UpstreamException.retryable("sidecar down", null));

    Response failed = h.renew(classic, Duration.ZERO);
    Response recorded = h.renew(classic, Duration.ZERO);

    assertOk(failed);
    assertOk(recorded);
    assertEquals(Duration.ofHours(1), failed.secret().ttl());
    assertTrue(h.broker.expiryMoves().isEmpty());
    assertEquals(List.of((String) classic.data().get("token_id")), h.broker.renewals);
    assertEquals(2L, metrics().get("dvb_engine_renewals{renewable=true,token_type=classic}"), "both renewed");
  }

  @Test
  void renewalsAreCountedByTokenType() throws Exception {
    h.clock.advance(Duration.ofMinutes(10));

    assertOk(h.renew(lease, Duration.ZERO));

    assertEquals(1L, metrics().get("dvb_engine_renewals{renewable=true,token_type=platform}"));
  }

  @Test
  void theRenewReplyEchoesTheInternalDataWithItsTokenType() throws Exception {
    h.clock.advance(Duration.ofMinutes(10));

    Response r = h.renew(lease, Duration.ZERO);

    assertEquals(lease.internal(), EngineHarness.roundTrip(r.secret().internalData()));
    assertEquals("platform", EngineHarness.roundTrip(r.secret().internalData()).get("token_type"));
  }

  @Test
  void aLeaseWithoutTokenTypeIsRenewedAsAClassicOne() throws Exception {
    Lease classic = h.issue("classic");
    Map<String, Object> internal = new LinkedHashMap<>(classic.internal());
    internal.remove("token_type");
    Lease old = new Lease(classic.data(), internal, classic.ttl(), classic.maxTtl(), true, classic.issuedAt());
    h.clock.advance(Duration.ofMinutes(10));

    assertOk(h.renew(old, Duration.ZERO));

    assertTrue(h.broker.expiryMoves().isEmpty());
    assertOk(h.revoke(old));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> metrics() throws Exception {
    return (Map<String, Object>) h.read("metrics").data().get("metrics");
  }
}
