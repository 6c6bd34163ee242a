package io.dtvb.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.sidecarapi.LeaseContext;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lease's internal data is one record: it round-trips through Vault's JSON, and old leases still read. */
class LeaseDataTest {
  private static final LeaseData LEASE = new LeaseData("dt0c01.ABC", "n1", "https://abc12345.live.dynatrace.com",
      "sha256:00ff", new LeaseContext("dynatrace/", "ci", "entity-42", "token-ci", "req-1", "vault-x-dynatrace-ci-n1",
          Instant.parse("2030-01-01T01:00:00Z"), Map.of("team", "payments")));

  @Test
  void internalDataRoundTripsThroughVaultsJson() {
    Map<String, Object> stored = EngineHarness.roundTrip(LEASE.toMap());

    assertEquals(LEASE, LeaseData.from(stored));
    assertEquals(Instant.parse("2030-01-01T01:00:00Z").getEpochSecond(), ((Number) stored.get("hard_end")).longValue());
  }

  @Test
  void hardEndSurvivesVaultsFloatAndTextForms() {
    Map<String, Object> m = new LinkedHashMap<>(LEASE.toMap());
    m.put("hard_end", 1.8933444E9);
    assertEquals(Instant.ofEpochSecond(1893344400L), LeaseData.from(m).hardEnd());
    m.put("hard_end", "1893344400");
    assertEquals(Instant.ofEpochSecond(1893344400L), LeaseData.from(m).hardEnd());
    m.put("hard_end", "soon");
    assertNull(LeaseData.from(m).hardEnd());
  }

  @Test
  void aLeaseFromBeforeTheEnvironmentWasRecordedReadsWithoutIt() {
    Map<String, Object> old = new LinkedHashMap<>(LEASE.toMap());
    old.remove("environment_url");
    old.remove("credential_fingerprint");

    LeaseData read = LeaseData.from(old);

    assertFalse(read.knowsEnvironment());
    assertNull(read.credentialFingerprint());
    assertEquals("dt0c01.ABC", read.tokenId());
  }

  @Test
  void theInternalDataHoldsEveryContextFieldUnderItsContractName() {
    Map<String, Object> stored = LEASE.toMap();

    assertEquals(java.util.Set.of("token_id", "mount", "role", "entity_id", "display_name", "request_id",
        "token_name", "hard_end", "metadata", "nonce", "environment_url", "credential_fingerprint"), stored.keySet());
  }

  @Test
  void theSidecarsLeaseContextComesFromTheRecord() {
    LeaseContext c = LEASE.context();

    assertEquals(new LeaseContext("dynatrace/", "ci", "entity-42", "token-ci", "req-1", "vault-x-dynatrace-ci-n1",
        Instant.parse("2030-01-01T01:00:00Z"), Map.of("team", "payments")), c);
    assertTrue(LEASE.knowsEnvironment());
  }

  @Test
  void aPlatformLeaseRoundTripsWithItsTokenType() {
    LeaseData platform = new LeaseData("dt0s16.ABCDEFGH", "n2", "https://abc12345.apps.dynatrace.com", "sha256:11",
        LEASE.context().withTokenType(io.dtvb.sidecarapi.TokenType.PLATFORM));

    Map<String, Object> stored = EngineHarness.roundTrip(platform.toMap());

    assertEquals("platform", stored.get("token_type"));
    assertEquals(platform, LeaseData.from(stored));
    assertEquals(io.dtvb.sidecarapi.TokenType.PLATFORM, LeaseData.from(stored).context().type());
  }

  @Test
  void aLeaseFromBeforeTokenTypesReadsAsClassic() {
    Map<String, Object> old = new LinkedHashMap<>(LEASE.toMap());
    old.remove("token_type");

    assertEquals(io.dtvb.sidecarapi.TokenType.CLASSIC, LeaseData.from(old).context().type());
    assertNull(LeaseData.from(old).context().tokenType(), "nothing is invented for the sidecar");
  }

  @Test
  void anUnreadableTokenTypeFallsBackToWhatTheTokenIdSays() {
    Map<String, Object> m = new LinkedHashMap<>(LEASE.toMap());
    m.put("token_type", "sideways");
    assertEquals(io.dtvb.sidecarapi.TokenType.CLASSIC, LeaseData.from(m).context().type());
    m.put("token_id", "dt0s16.ABCDEFGH");
    assertEquals(io.dtvb.sidecarapi.TokenType.PLATFORM, LeaseData.from(m).context().type());
  }
}
