package io.dtvb.engine;

import static io.dtvb.engine.EngineHarness.START;
import static io.dtvb.engine.EngineHarness.assertOk;
import static io.dtvb.engine.EngineHarness.errorOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.engine.EngineHarness.Lease;
import io.dtvb.sidecarapi.ConnectionSettings;
import io.dtvb.sidecarapi.MintRequest;
import io.dtvb.sidecarapi.TokenType;
import io.dtvb.testing.Seeded;
import io.dtvb.vaultsdk.framework.CodedError;
import io.dtvb.vaultsdk.framework.StaticSystemView;
import io.dtvb.vaultsdk.framework.WriteAheadLog;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** creds/<platform role>: what the mint asks for, what the lease holds, and where it is recorded. */
class PlatformCredsTest {
  private static final Duration MOUNT_DEFAULT = Duration.ofHours(1);
  private static final Duration MOUNT_MAX = Duration.ofHours(24);
  private static final StaticSystemView MOUNT = new StaticSystemView(MOUNT_DEFAULT, MOUNT_MAX, false, "");
  private static final String SERVICE_USER = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";

  private final EngineHarness h = new EngineHarness(MOUNT, WalMintJournal::new);

  private static Map<String, Object> platformRole(Object... more) {
    Map<String, Object> role = new LinkedHashMap<>();
    role.put("token_type", "platform");
    role.put("scopes", "storage:logs:read,openpipeline:logs:ingest");
    for (int i = 0; i < more.length; i += 2) {
      role.put((String) more[i], more[i + 1]);
    }
    return role;
  }

  @Test
  void thePlatformMintCarriesTheTokenTypeServiceUserUniqueNameAndTheLeasesFirstEnd() throws Exception {
    h.configuredWithAccount().withRole("p", platformRole("ttl", "30m", "max_ttl", "4h", "service_user", SERVICE_USER));

    Lease lease = h.issue("p");

    MintRequest mint = h.broker.lastMint().request();
    assertEquals(TokenType.PLATFORM, mint.tokenType());
    assertEquals(TokenType.PLATFORM, mint.lease().tokenType());
    assertEquals(SERVICE_USER, mint.serviceUser());
    assertFalse(mint.personalAccessToken());
    assertEquals(List.of("storage:logs:read", "openpipeline:logs:ingest"), mint.scopes());
    assertTrue(mint.name().startsWith(TokenNames.mountPrefix(EngineHarness.MOUNT_UUID) + "dynatrace-p-"), mint.name());
    assertEquals(START.plus(Duration.ofMinutes(30)).plus(LeaseTerms.EXPIRY_SKEW), mint.expirationDate());
    assertEquals(START.plus(Duration.ofHours(4)), mint.lease().hardEnd());
    assertEquals(Duration.ofMinutes(30), lease.ttl());
    assertTrue(lease.renewable());
  }

  @Test
  void withoutAServiceUserTheMintNamesNone() throws Exception {
    h.configuredWithAccount().withRole("p", platformRole());

    h.issue("p");

    assertEquals(null, h.broker.lastMint().request().serviceUser());
  }

  @Test
  void theResponseHasTodaysShapePlusTheTokenType() throws Exception {
    h.configuredWithAccount().withRole("p", platformRole("metadata", Map.of("team", "obs")));

    Lease lease = h.issue("p");

    assertEquals(Set.of("token", "token_id", "token_name", "scopes", "expires_at", "role", "metadata", "token_type"),
        lease.data().keySet());
    assertEquals("platform", lease.data().get("token_type"));
    String id = (String) lease.data().get("token_id");
    assertTrue(id.matches("dt0s16\\.[A-Z0-9]{8}"), id);
    assertTrue(((String) lease.data().get("token")).startsWith(id + "."));
    assertEquals(START.plus(MOUNT_DEFAULT).plus(LeaseTerms.EXPIRY_SKEW).toString(), lease.data().get("expires_at"));
    assertEquals(Map.of("team", "obs"), lease.data().get("metadata"));
  }

  @Test
  void theLeaseRecordsTheTokenTypeAndTheAccountCredentialsFingerprint() throws Exception {
    h.configuredWithAccount().withRole("p", platformRole()).withRole("ci", Map.of("scopes", "metrics.read"));

    Lease platform = h.issue("p");
    Lease classic = h.issue("ci");

    assertEquals("platform", platform.internal().get("token_type"));
    assertEquals(ConnectionSettings.sha256(h.accountSecret), platform.internal().get("credential_fingerprint"));
    assertEquals("classic", classic.internal().get("token_type"));
    assertEquals(ConnectionSettings.sha256(h.apiToken), classic.internal().get("credential_fingerprint"));
    assertEquals("classic", classic.data().get("token_type"));
    assertFalse(platform.internal().toString().contains((String) platform.data().get("token")));
  }

  @Test
  void theInventoryAndTheTokensListCarryTheTokenType() throws Exception {
    h.configuredWithAccount().withRole("p", platformRole()).withRole("ci", Map.of("scopes", "metrics.read"));
    String platform = (String) h.issue("p").data().get("token_id");
    String classic = (String) h.issue("ci").data().get("token_id");

    assertEquals("platform", h.read("tokens/" + platform).data().get("token_type"));
    assertEquals("classic", h.read("tokens/" + classic).data().get("token_type"));
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> info = (Map<String, Map<String, Object>>) h.list("tokens/").data().get("key_info");
    assertEquals("platform", info.get(platform).get("token_type"));
    assertEquals("classic", info.get(classic).get("token_type"));
  }

  @Test
  void anInventoryEntryWrittenBeforeTokenTypesReadsAsClassic() throws Exception {
    h.storage.put(TokenInventory.STORAGE_PREFIX + "dt0c01.OLD", ("{\"token_id\":\"dt0c01.OLD\",\"role\":\"ci\","
        + "\"issued_at\":\"2029-12-31T00:00:00Z\",\"hard_end\":1893456000}").getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertEquals("classic", h.read("tokens/dt0c01.OLD").data().get("token_type"));
  }

  @Test
  void aClassicRoleOnAMountWithoutAClassicMinterIsRefusedSayingHowToFixIt() throws Exception {
    Map<String, Object> config = h.validConfigWithAccount();
    config.remove("api_token");
    config.put("auth_mode", "none");
    assertOk(h.write("config", config));
    h.withRole("ci", Map.of("scopes", "metrics.read")).withRole("p", platformRole());

    String error = errorOf(h.read("creds/ci"));

    assertTrue(error.contains("no classic minter") && error.contains("auth_mode=none")
        && error.contains("token_type=platform"), error);
    assertTrue(h.broker.mints.isEmpty());
    h.issue("p");
    assertEquals(1, h.broker.mints.size(), "platform roles still work");
  }

  @Test
  void aPlatformRoleOnAMountWithoutAnAccountSideIsRefusedNamingAccountUuid() throws Exception {
    h.configured().withRole("p", platformRole());

    String error = errorOf(h.read("creds/p"));

    assertTrue(error.contains("account_uuid") && error.contains("token_type=platform"), error);
    assertTrue(h.broker.mints.isEmpty());
    assertTrue(WriteAheadLog.list(h.storage).isEmpty());
  }

  @Test
  void mintsAndRevokesAreCountedByTokenType() throws Exception {
    h.configuredWithAccount().withRole("p", platformRole()).withRole("ci", Map.of("scopes", "metrics.read"));
    Lease platform = h.issue("p");
    h.issue("ci");
    assertOk(h.revoke(platform));

    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) h.read("metrics").data().get("metrics");

    assertEquals(1L, m.get("dvb_engine_mints{outcome=ok,token_type=platform}"));
    assertEquals(1L, m.get("dvb_engine_mints{outcome=ok,token_type=classic}"));
    assertEquals(1L, m.get("dvb_engine_revokes{outcome=deleted,token_type=platform}"));
    assertEquals(1L, m.get("dvb_engine_mint_duration{outcome=ok,token_type=platform}.count"));
  }

  @Test
  void revokeDeletesThePlatformTokenWithItsLeaseContext() throws Exception {
    h.configuredWithAccount().withRole("p", platformRole());
    Lease lease = h.issue("p");

    assertOk(h.revoke(lease));

    FakeSidecar.Action revoke = h.broker.audits.get(h.broker.audits.size() - 1);
    assertEquals("revoke", revoke.operation());
    assertEquals(lease.data().get("token_id"), revoke.target());
    assertEquals(TokenType.PLATFORM, revoke.lease().tokenType());
    assertTrue(h.broker.live.isEmpty());
    assertTrue(h.list("tokens/").data().get("keys") == null
        || ((List<?>) h.list("tokens/").data().get("keys")).isEmpty());
  }

  @Test
  void aLostMintAnswerIsRolledBackByNameWithThePlatformContext() throws Exception {
    h.configuredWithAccount().withRole("p", platformRole());
    h.broker.loseNextMintResponse = true;

    assertEquals(503, assertThrows(CodedError.class, () -> h.read("creds/p")).status());
    assertEquals("platform", WriteAheadLog.list(h.storage).get(0).data().get("token_type"));
    h.rollback(Map.of("immediate", true));

    FakeSidecar.Action rollback = h.broker.audits.get(h.broker.audits.size() - 1);
    assertEquals("revoke_by_name", rollback.operation());
    assertEquals(TokenType.PLATFORM, rollback.lease().tokenType());
    assertTrue(h.broker.live.isEmpty());
    assertTrue(WriteAheadLog.list(h.storage).isEmpty());
  }

  @Test
  void aLateAnswerIsUndoneByNameWithThePlatformContext() throws Exception {
    h.configuredWithAccount().withRole("p", platformRole());
    h.deadline = START.plusSeconds(5);
    h.broker.duringMint = () -> h.clock.advance(Duration.ofSeconds(10));

    assertThrows(io.dtvb.vaultsdk.framework.DeadlineExceeded.class, () -> h.read("creds/p"));

    FakeSidecar.Action undo = h.broker.audits.get(h.broker.audits.size() - 1);
    assertEquals("revoke_by_name", undo.operation());
    assertEquals(TokenType.PLATFORM, undo.lease().tokenType());
    assertTrue(h.broker.live.isEmpty());
  }

  @Test
  void whenTtlEqualsMaxTtlTheTokenExpiresAtTheHardEndPlusTheSkewAndTheLeaseIsNotRenewable() throws Exception {
    h.configuredWithAccount().withRole("p", platformRole("ttl", "2h", "max_ttl", "2h"));

    Lease lease = h.issue("p");

    assertEquals(START.plus(Duration.ofHours(2)).plus(LeaseTerms.EXPIRY_SKEW),
        h.broker.lastMint().request().expirationDate());
    assertFalse(lease.renewable());
  }

  @Test
  void anExpiryDynatraceCutShortShortensTheLeaseButNotItsHardEnd() throws Exception {
    h.configuredWithAccount().withRole("p", platformRole("ttl", "1h", "max_ttl", "4h"));
    h.broker.expiryCeiling = START.plus(Duration.ofMinutes(20));

    var r = h.read("creds/p");

    assertOk(r);
    assertEquals(Duration.ofMinutes(20), r.secret().ttl());
    assertTrue(r.warnings().stream().anyMatch(w -> w.contains("before the lease's planned end")), r.warnings().toString());
    assertEquals(START.plus(Duration.ofHours(4)).getEpochSecond(),
        ((Number) EngineHarness.roundTrip(r.secret().internalData()).get("hard_end")).longValue());
  }

  /** ttl and max_ttl in seconds (0 = unset), drawn so that ttl never exceeds a set max_ttl. */
  static Stream<Arguments> leaseShapes() {
    Seeded.Gen<Long> seconds = Seeded.longs(0, 2 * MOUNT_MAX.getSeconds());
    return Seeded.cases(150, seconds, seconds);
  }

  @ParameterizedTest
  @MethodSource("leaseShapes")
  void theMintedExpiryIsTheLeasesFirstEndPlusTheSkewAndNeverPastTheHardEndPlusTheSkew(long a, long b)
      throws Exception {
    long ttl = b == 0 ? a : Math.min(a, b);
    long max = a == 0 || b == 0 ? b : Math.max(a, b);
    EngineHarness fresh = new EngineHarness(MOUNT);
    fresh.configuredWithAccount().withRole("p", platformRole("ttl", ttl, "max_ttl", max));

    Lease lease = fresh.issue("p");

    Duration effMax = max > 0 ? min(Duration.ofSeconds(max), MOUNT_MAX) : MOUNT_MAX;
    Duration effTtl = min(ttl > 0 ? Duration.ofSeconds(ttl) : MOUNT_DEFAULT, effMax);
    Instant expiry = fresh.broker.lastMint().request().expirationDate();
    Instant hardEnd = fresh.broker.lastMint().request().lease().hardEnd();
    assertEquals(START.plus(effMax), hardEnd);
    assertEquals(START.plus(effTtl).plus(LeaseTerms.EXPIRY_SKEW), expiry);
    assertFalse(expiry.isAfter(hardEnd.plus(LeaseTerms.EXPIRY_SKEW)));
    assertEquals(effTtl, lease.ttl());
    assertEquals(expiry.toString(), lease.data().get("expires_at"));
    assertEquals(effTtl.compareTo(effMax) < 0, lease.renewable());
  }

  private static Duration min(Duration x, Duration y) {
    return x.compareTo(y) <= 0 ? x : y;
  }
}
