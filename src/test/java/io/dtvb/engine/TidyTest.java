package io.dtvb.engine;

import io.dtvb.sidecarapi.MintedCredential;
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
import io.dtvb.vaultsdk.framework.WriteAheadLog;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** tidy: orphans with the mount's prefix deleted, stale inventory dropped, other mounts untouched, periodic runs. */
class TidyTest {
  private final EngineHarness h = new EngineHarness(
      new StaticSystemView(Duration.ofHours(1), Duration.ofHours(24), false, ""), WalMintJournal::new);
  private final String prefix = TokenNames.mountPrefix(EngineHarness.MOUNT_UUID);

  @Test
  void tidyDeletesAnOrphanWithTheMountsPrefixAndKeepsLeasedAndForeignTokens() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read"));
    Lease leased = h.issue("ci");
    MintedCredential orphan = h.broker.plant(prefix + "dynatrace-ci-orphan1");
    MintedCredential foreign = h.broker.plant(TokenNames.mountPrefix("another-mount") + "dynatrace-ci-x");
    MintedCredential manual = h.broker.plant("ci-token-made-by-hand");

    Map<String, Object> result = tidy();

    assertEquals(1, result.get("orphans_deleted"));
    assertEquals(2, result.get("tokens_listed"));
    assertEquals(0, result.get("orphans_failed"));
    assertFalse(h.broker.live.containsKey(orphan.tokenId()));
    assertTrue(h.broker.live.containsKey((String) leased.data().get("token_id")));
    assertTrue(h.broker.live.containsKey(foreign.tokenId()));
    assertTrue(h.broker.live.containsKey(manual.tokenId()));
    assertEquals(java.util.List.of(prefix), h.broker.lists);
  }

  @Test
  void tidyDropsInventoryEntriesWhoseTokenIsGoneButOnlyAfterTheGrace() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read"));
    Lease old = h.issue("ci");
    h.clock.advance(Duration.ofMinutes(10));
    Lease recent = h.issue("ci");
    h.broker.live.remove((String) old.data().get("token_id"));
    h.broker.live.remove((String) recent.data().get("token_id"));

    Map<String, Object> result = tidy();

    assertEquals(1, result.get("inventory_dropped"));
    assertNull(h.read("tokens/" + old.data().get("token_id")));
    assertOk(h.read("tokens/" + recent.data().get("token_id")));
    assertOk(h.revoke(old));
  }

  @Test
  void anInventoryEntryLeftByACrashRightAfterARevokeIsDroppedByTidy() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read"));
    Lease lease = h.issue("ci");
    String id = (String) lease.data().get("token_id");
    h.crashAfterReply = true; // the entry is removed after the revoke's reply: lost here
    assertNull(h.revoke(lease));
    h.crashAfterReply = false;
    assertFalse(h.broker.live.containsKey(id), "the token is deleted before the reply");
    assertOk(h.read("tokens/" + id));

    h.clock.advance(Duration.ofMinutes(10));
    Map<String, Object> result = tidy();

    assertEquals(1, result.get("inventory_dropped"));
    assertNull(h.read("tokens/" + id));
  }

  @Test
  void tidyLeavesATokenWhoseMintIsStillInTheJournalToRollback() throws Exception {
    h.configured();
    MintedCredential inFlight = h.broker.plant(prefix + "dynatrace-ci-inflight");
    WriteAheadLog.put(h.storage, WalMintJournal.KIND,
        Map.of(WalMintJournal.TOKEN_NAME, prefix + "dynatrace-ci-inflight"), h.clock.instant());

    Map<String, Object> result = tidy();

    assertEquals(1, result.get("in_flight_skipped"));
    assertEquals(0, result.get("orphans_found"));
    assertTrue(h.broker.live.containsKey(inFlight.tokenId()));
  }

  @Test
  void failedDeletesAreCountedAndReportedAndRetriedByTheNextRun() throws Exception {
    h.configured();
    MintedCredential orphan = h.broker.plant(prefix + "orphan");
    h.broker.failNext(FakeSidecar.Call.REVOKE, UpstreamException.retryable("Dynatrace answered 503", null));

    Map<String, Object> first = tidy();
    Map<String, Object> second = tidy();

    assertEquals(1, first.get("orphans_failed"));
    assertTrue(String.valueOf(first.get("errors")).contains(orphan.tokenId()), String.valueOf(first.get("errors")));
    assertEquals(1, second.get("orphans_deleted"));
    assertFalse(h.broker.live.containsKey(orphan.tokenId()));
  }

  @Test
  void tidyThatCannotListAnswers503AndRecordsTheFailure() throws Exception {
    h.configured();
    h.broker.failNext(FakeSidecar.Call.LIST, UpstreamException.retryable("sidecar unreachable", null));

    CodedError e = assertThrows(CodedError.class, () -> h.write("tidy", Map.of()));

    assertTrue(e.getMessage().contains("could not list"), e.getMessage());
    assertEquals(503, e.status());
    @SuppressWarnings("unchecked")
    Map<String, Object> last = (Map<String, Object>) h.read("tidy").data().get("last_run");
    assertTrue(String.valueOf(last.get("error")).contains("sidecar unreachable"), String.valueOf(last));
  }

  @Test
  void dryRunReportsOrphansAndStaleEntriesButChangesNothing() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read"));
    Lease gone = h.issue("ci");
    h.clock.advance(Duration.ofMinutes(10));
    h.broker.live.remove((String) gone.data().get("token_id"));
    MintedCredential orphan = h.broker.plant(prefix + "orphan");

    Response r = h.write("tidy", Map.of("dry_run", true));

    assertOk(r);
    assertEquals(true, r.data().get("dry_run"));
    assertEquals(java.util.List.of(orphan.tokenId()), r.data().get("orphan_ids"));
    assertEquals(java.util.List.of(gone.data().get("token_id")), r.data().get("inventory_dropped_ids"));
    assertEquals(0, r.data().get("orphans_deleted"));
    assertTrue(h.broker.live.containsKey(orphan.tokenId()));
    assertOk(h.read("tokens/" + gone.data().get("token_id")));
    assertNull(h.read("tidy").data().get("last_run"));
  }

  @Test
  void tidyWithoutConfigIsAClear400() throws Exception {
    assertTrue(errorOf(h.write("tidy", Map.of())).contains("not configured"));
  }

  @Test
  void readShowsTheLastRunThePrefixAndTheInterval() throws Exception {
    h.configured();
    tidy();

    Map<String, Object> status = h.read("tidy").data();

    assertEquals(prefix, status.get("token_name_prefix"));
    assertEquals(0L, status.get("tidy_interval"));
    assertEquals("manual", ((Map<?, ?>) status.get("last_run")).get("trigger"));
  }

  @Test
  void periodicRequestRunsTidyOncePerInterval() throws Exception {
    h.configured();
    assertOk(h.write("config", Map.of("tidy_interval", "1h")));
    MintedCredential first = h.broker.plant(prefix + "orphan-a");

    assertOk(h.rollback(Map.of()));
    assertFalse(h.broker.live.containsKey(first.tokenId()));
    MintedCredential second = h.broker.plant(prefix + "orphan-b");
    h.clock.advance(Duration.ofMinutes(30));
    assertOk(h.rollback(Map.of()));
    assertTrue(h.broker.live.containsKey(second.tokenId()), "ran again before the interval passed");
    h.clock.advance(Duration.ofMinutes(31));
    assertOk(h.rollback(Map.of()));

    assertFalse(h.broker.live.containsKey(second.tokenId()));
    assertEquals(2, h.broker.lists.size());
    assertEquals("periodic", ((Map<?, ?>) h.read("tidy").data().get("last_run")).get("trigger"));
  }

  @Test
  void periodicTidyIsOffByDefault() throws Exception {
    h.configured();
    MintedCredential orphan = h.broker.plant(prefix + "orphan");

    assertOk(h.rollback(Map.of()));

    assertTrue(h.broker.live.containsKey(orphan.tokenId()));
    assertTrue(h.broker.lists.isEmpty());
  }

  @Test
  void tidyIntervalBelowOneMinuteIsRefusedNamingTheField() throws Exception {
    h.configured();

    String error = errorOf(h.write("config", Map.of("tidy_interval", "30s")));

    assertTrue(error.startsWith("invalid value for field \"tidy_interval\""), error);
    assertEquals(0L, h.read("config").data().get("tidy_interval"));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> tidy() throws Exception {
    Response r = h.write("tidy", Map.of());
    assertOk(r);
    return r.data();
  }
}
