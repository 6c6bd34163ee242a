package io.dtvb.engine;

import static io.dtvb.engine.EngineHarness.assertOk;
import static io.dtvb.engine.EngineHarness.errorOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.vaultsdk.framework.CodedError;
import io.dtvb.vaultsdk.framework.Response;
import io.dtvb.vaultsdk.framework.StaticSystemView;
import io.dtvb.vaultsdk.framework.WriteAheadLog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** rotate-root: replace, verify, store, delete the old token with the new one; crash-safe at every step. */
class RotateRootTest {
  private static final StaticSystemView MOUNT =
      new StaticSystemView(Duration.ofHours(1), Duration.ofHours(24), false, "");

  /** Thrown by the step hook: the plugin died right after that step. */
  static final class Crash extends RuntimeException {
    Crash(RotateRootPath.Step step) {
      super("crash after " + step);
    }
  }

  private static String storedToken(EngineHarness h) {
    return h.storage.getJson(ConfigPath.STORAGE_KEY, ConfigEntry.class).orElseThrow().apiToken();
  }

  /** Live minter tokens: the harness's own (unless deleted) and rotation-made ones. */
  private static List<String> liveMinters(EngineHarness h) {
    List<String> out = new java.util.ArrayList<>(h.broker.live.keySet().stream()
        .filter(id -> h.broker.namesById.getOrDefault(id, "").startsWith("vault-root-")).toList());
    if (!h.broker.initialMinterDeleted) {
      out.add(h.broker.initialMinterId);
    }
    return out;
  }

  @Test
  void rotationReplacesTheMinterAndDeletesTheOldOneWithTheNewOne() throws Exception {
    EngineHarness h = new EngineHarness(MOUNT, step -> { });
    h.configured().withRole("ci", Map.of("scopes", "metrics.read"));
    String before = String.valueOf(h.read("config").data().get("api_token_fingerprint"));

    Response r = h.write("rotate-root", Map.of());

    assertOk(r);
    String newId = (String) r.data().get("new_token_id");
    assertEquals(h.broker.initialMinterId, r.data().get("old_token_id"));
    assertTrue(String.valueOf(r.data().get("new_token_name")).startsWith("vault-root-"), r.data().toString());
    assertFalse(r.data().toString().contains(storedToken(h)), "the new secret must not be shown");
    assertEquals(List.of(newId), liveMinters(h));
    assertEquals(newId, FakeSidecar.idOf(storedToken(h)));
    assertNotEquals(before, h.read("config").data().get("api_token_fingerprint"));
    assertEquals(List.of("apiTokens.read", "apiTokens.write"), h.broker.scopesById.get(newId));
    assertEquals("retire", h.broker.audits.get(h.broker.audits.size() - 1).operation());
    assertTrue(WriteAheadLog.list(h.storage).isEmpty());
    h.issue("ci");
  }

  @Test
  void newTokenKeepsTheOldLifetimeUnlessTtlIsGiven() throws Exception {
    EngineHarness h = new EngineHarness(MOUNT, step -> { });
    h.configured();

    Response kept = h.write("rotate-root", Map.of());
    Response chosen = h.write("rotate-root", Map.of("ttl", "720h"));

    assertEquals(EngineHarness.START.plus(Duration.ofDays(90)).toString(), kept.data().get("expires_at"));
    assertEquals(EngineHarness.START.plus(Duration.ofDays(30)).toString(), chosen.data().get("expires_at"));
    assertTrue(errorOf(h.write("rotate-root", Map.of("ttl", "5m"))).contains("\"ttl\""));
  }

  @ParameterizedTest
  @EnumSource(RotateRootPath.Step.class)
  void aCrashAfterAnyStepLeavesOneWorkingMinterAfterRollback(RotateRootPath.Step crashAfter) throws Exception {
    EngineHarness h = new EngineHarness(MOUNT, step -> {
      if (step == crashAfter) {
        throw new Crash(step);
      }
    });
    h.configured().withRole("ci", Map.of("scopes", "metrics.read"));

    assertThrows(Crash.class, () -> h.write("rotate-root", Map.of()));
    EngineHarness restarted = h.restarted();
    restarted.issue("ci"); // the mount is not locked out, even before rollback
    h.clock.advance(Duration.ofMinutes(11));
    assertOk(restarted.rollback(Map.of()));

    List<String> minters = liveMinters(h);
    assertEquals(1, minters.size(), () -> "live minter tokens after rollback: " + minters);
    assertEquals(minters.get(0), FakeSidecar.idOf(storedToken(h)), "config holds the surviving token");
    assertTrue(WriteAheadLog.list(h.storage).isEmpty(), "the rotation journal entry is settled");
    restarted.issue("ci");
    assertOk(restarted.write("rotate-root", Map.of()));
    assertEquals(1, liveMinters(h).size());
  }

  @Test
  void aNewTokenThatDoesNotVerifyIsDeletedAndTheOldOneStays() throws Exception {
    EngineHarness[] holder = new EngineHarness[1];
    EngineHarness h = new EngineHarness(MOUNT, step -> {
      if (step == RotateRootPath.Step.PUSHED) {
        holder[0].broker.failNext(FakeSidecar.Call.VERIFY, UpstreamException.rejected(403, "missing scope"));
      }
    });
    holder[0] = h;
    h.configured();
    String before = storedToken(h);

    CodedError e = assertThrows(CodedError.class, () -> h.write("rotate-root", Map.of()));

    assertTrue(e.getMessage().contains("undone"), e.getMessage());
    assertEquals(before, storedToken(h));
    assertEquals(List.of(h.broker.initialMinterId), liveMinters(h));
    assertTrue(WriteAheadLog.list(h.storage).isEmpty());
  }

  @Test
  void oauthModeIsPointedAtAConfigWrite() throws Exception {
    EngineHarness h = new EngineHarness(MOUNT, step -> { });
    Map<String, Object> oauth = new java.util.LinkedHashMap<>(h.validConfig());
    oauth.remove("api_token");
    oauth.putAll(Map.of("auth_mode", "oauth", "oauth_client_id", "dt0s02.ABC", "oauth_client_secret", "s3cret",
        "oauth_resource", "urn:dtaccount:abc", "verify_connection", false));
    assertOk(h.write("config", oauth));

    String error = errorOf(h.write("rotate-root", Map.of()));

    assertTrue(error.contains("oauth_client_secret"), error);
  }

  @Test
  void rotateBeforeRotatesFromThePeriodicRequestOnceInsideTheWindow() throws Exception {
    EngineHarness h = new EngineHarness(MOUNT, step -> { });
    h.broker.minterExpiry = EngineHarness.START.plus(Duration.ofDays(40));
    h.configured();
    assertOk(h.write("config", Map.of("rotate_before", "720h")));

    assertOk(h.rollback(Map.of()));
    assertEquals(List.of(h.broker.initialMinterId), liveMinters(h));
    h.clock.advance(Duration.ofDays(11));
    assertOk(h.rollback(Map.of()));
    String rotated = FakeSidecar.idOf(storedToken(h));
    assertNotEquals(h.broker.initialMinterId, rotated);
    assertOk(h.rollback(Map.of()));

    assertEquals(List.of(rotated), liveMinters(h));
  }

  @Test
  void rootTokenNamesNeverCarryAMountPrefixSoTidyLeavesThemAlone() throws Exception {
    EngineHarness h = new EngineHarness(MOUNT, step -> { });
    h.configured();
    assertOk(h.write("rotate-root", Map.of()));

    Response tidy = h.write("tidy", Map.of());

    assertEquals(0, tidy.data().get("orphans_found"));
    assertEquals(1, liveMinters(h).size());
  }
}
