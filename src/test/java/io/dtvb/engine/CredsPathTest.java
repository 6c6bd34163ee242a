package io.dtvb.engine;

import io.dtvb.sidecarapi.MintedCredential;
import io.dtvb.sidecarapi.LeaseContext;
import static io.dtvb.engine.EngineHarness.errorOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.engine.EngineHarness.Lease;
import io.dtvb.vaultsdk.framework.CodedError;
import io.dtvb.vaultsdk.framework.StaticSystemView;
import io.dtvb.vaultsdk.framework.Storage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** creds/<role> mints through the broker and answers with the token, or with a classified failure. */
class CredsPathTest {
  private static final StaticSystemView MOUNT =
      new StaticSystemView(Duration.ofMinutes(30), Duration.ofHours(8), false, "");

  private final EngineHarness h = new EngineHarness(MOUNT);

  @Test
  void credsResponseShowsTheTokenAndKeepsLeaseBookkeepingInternal() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read,logs.ingest"));

    Lease lease = h.issue("ci");

    MintedCredential minted = h.broker.live.values().iterator().next();
    assertEquals(Set.of("token", "token_id", "token_name", "scopes", "expires_at", "role", "metadata", "token_type"),
        lease.data().keySet());
    assertEquals("classic", lease.data().get("token_type"));
    assertEquals(minted.token(), lease.data().get("token"));
    assertEquals(minted.tokenId(), lease.data().get("token_id"));
    assertEquals(List.of("metrics.read", "logs.ingest"), lease.data().get("scopes"));
    assertEquals("ci", lease.data().get("role"));
    assertEquals(Set.of("token_id", "token_name", "role", "hard_end", "mount", "nonce", "metadata", "entity_id", "display_name", "request_id", "environment_url", "credential_fingerprint", "secret_type", "token_type"),
        lease.internal().keySet());
    assertEquals(TokenSecret.TYPE, lease.internal().get("secret_type"));
    assertEquals("dynatrace/", lease.internal().get("mount"));
    assertFalse(Storage.JSON.writeValueAsString(lease.internal()).contains(minted.token()));
    assertTrue(lease.renewable());
  }

  @Test
  void credsMintsUnderAUniqueNameCarryingMountRoleAndNonce() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read"));

    List<String> names = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Lease lease = h.issue("ci");
      String name = (String) lease.data().get("token_name");
      assertTrue(name.matches(java.util.regex.Pattern.quote(TokenNames.mountPrefix(EngineHarness.MOUNT_UUID))
          + "dynatrace-ci-[a-z2-7]{8}"), name);
      assertTrue(name.endsWith("-" + lease.internal().get("nonce")), name);
      names.add(name);
    }
    assertEquals(names.size(), Set.copyOf(names).size());
  }

  @Test
  void credsKeepsTokenNamesWithinOneHundredCharactersForLongRoleNames() throws Exception {
    String role = "r" + "x".repeat(140);
    h.configured().withRole(role, Map.of("scopes", "metrics.read"));

    Lease lease = h.issue(role);

    String name = (String) lease.data().get("token_name");
    assertTrue(name.length() <= TokenNames.MAX_LENGTH, name);
    assertTrue(name.endsWith("-" + lease.internal().get("nonce")), name);
  }

  @Test
  void credsOrderCarriesScopesTokenKindAndLeaseContext() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read", "personal_access_token", true));

    h.issue("ci");

    FakeSidecar.Mint mint = h.broker.lastMint();
    assertEquals(EngineHarness.MOUNT_UUID, mint.connectionId());
    assertEquals(List.of("metrics.read"), mint.request().scopes());
    assertTrue(mint.request().personalAccessToken());
    LeaseContext context = mint.request().lease();
    assertEquals("dynatrace/", context.mount());
    assertEquals("ci", context.role());
    assertEquals("entity-42", context.entityId());
    assertEquals("token-ci-runner", context.displayName());
    assertTrue(context.requestId().startsWith("req-"));
  }

  @Test
  void credsForAnUnknownRoleIsRefused() throws Exception {
    h.configured();

    assertEquals("unknown role \"nope\"", errorOf(h.read("creds/nope")));
    assertTrue(h.broker.mints.isEmpty());
  }

  @Test
  void credsBeforeConfigIsRefused() throws Exception {
    h.withRole("ci", Map.of("scopes", "metrics.read"));

    assertTrue(errorOf(h.read("creds/ci")).contains("not configured"));
  }

  @Test
  void credsPassesDynatracesRefusalThroughAsABadRequest() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read"));
    h.broker.failNext(FakeSidecar.Call.MINT,
        UpstreamException.rejected(400, "Invalid scopes: metrics.reed"));

    String error = errorOf(h.read("creds/ci"));

    assertTrue(error.contains("Invalid scopes: metrics.reed") && error.contains("400"), error);
  }

  @Test
  void credsAnswersServiceUnavailableWhenDynatraceIsThrottling() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read"));
    h.broker.failNext(FakeSidecar.Call.MINT, UpstreamException.retryable("429 Too Many Requests", null));

    CodedError e = assertThrows(CodedError.class, () -> h.read("creds/ci"));

    assertEquals(503, e.status());
    assertTrue(e.getMessage().contains("429 Too Many Requests"), e.getMessage());
  }

  @Test
  void credsPushesTheConnectionAgainWhenTheSidecarForgotIt() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read"));
    h.broker.forgetConnections();

    h.issue("ci");

    assertEquals(2, h.broker.pushes.size());
    assertEquals(1, h.broker.mints.size());
  }

  @Test
  void credsAnswersServiceUnavailableWhenTheSidecarCannotTakeTheConnectionBack() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read"));
    h.broker.forgetConnections();
    h.broker.failNext(FakeSidecar.Call.PUT, UpstreamException.retryable("connection refused", null));

    assertEquals(503, assertThrows(CodedError.class, () -> h.read("creds/ci")).status());
  }

  @Test
  void credsNonceDiffersBetweenLeases() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read"));

    assertNotEquals(h.issue("ci").internal().get("nonce"), h.issue("ci").internal().get("nonce"));
  }
}
