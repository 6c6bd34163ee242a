package io.dtvb.engine;

import io.dtvb.sidecarapi.DeleteResult;
import io.dtvb.sidecarapi.LeaseContext;
import io.dtvb.sidecarapi.ListedToken;
import io.dtvb.sidecarapi.TokenAction;
import io.dtvb.sidecarapi.TokenType;
import io.dtvb.vaultsdk.framework.Field;
import io.dtvb.vaultsdk.framework.FieldType;
import io.dtvb.vaultsdk.framework.FieldData;
import io.dtvb.vaultsdk.framework.Log;
import io.dtvb.vaultsdk.framework.Operation;
import io.dtvb.vaultsdk.framework.Path;
import io.dtvb.vaultsdk.framework.Request;
import io.dtvb.vaultsdk.framework.Response;
import io.dtvb.vaultsdk.framework.Storage;
import io.dtvb.vaultsdk.framework.WriteAheadLog;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code tidy} endpoint and its periodic run: reconciles the Dynatrace tokens (classic and
 * platform) that carry the mount's unique name prefix against the token inventory and the mint
 * journal. A token that neither knows is an orphan and is deleted; an expired platform token
 * (Dynatrace keeps listing it, and it counts against its owner's cap) is deleted and its inventory
 * entry dropped; an inventory entry whose token Dynatrace no longer lists is dropped. A listed
 * token without the prefix is never touched. Each run's counts are kept at {@code tidy/last}.
 *
 * <p>Order matters against concurrent mints, which write the journal entry, mint, write the
 * inventory entry and then delete the journal entry: tidy lists Dynatrace first, then reads the
 * journal, then the inventory, so a token minted meanwhile is always covered by one of them.
 */
final class TidyPath {
  static final String STATUS_KEY = "tidy/last";
  /** Inventory entries issued this shortly before the listing may belong to a mint still in flight. */
  static final Duration INVENTORY_GRACE = Duration.ofMinutes(5);
  private static final Log LOG = Log.named("dynatrace-engine");

  private final EngineContext ctx;
  private final Object running = new Object();

  TidyPath(EngineContext ctx) {
    this.ctx = ctx;
  }

  Path path() {
    return Path.builder("tidy")
        .fields(Field.of("dry_run", FieldType.BOOL,
            "Only report what tidy would delete or drop (ids listed); change nothing.").defaultValue(false))
        .operation(Operation.UPDATE, (req, data) -> Response.of(run(req, "manual", data.getBool("dry_run"))),
            "Reconcile this mount's Dynatrace tokens with the inventory now and report counts.")
        .operation(Operation.READ, this::status, "Show the last tidy run and the periodic interval.")
        .help(SYNOPSIS, DESCRIPTION)
        .build();
  }

  /** The periodic hook: runs tidy when the configured interval has passed since the last run. */
  void periodic(Request req) {
    Optional<ConfigEntry> config = ConfigPath.load(req.storage());
    long interval = config.map(ConfigEntry::tidyIntervalSeconds).orElse(0L);
    if (interval <= 0) {
      return;
    }
    Instant now = ctx.clock().instant();
    Optional<Instant> last = lastStart(req.storage());
    if (last.isPresent() && last.get().plusSeconds(interval).isAfter(now)) {
      return;
    }
    try {
      run(req, "periodic", false);
    } catch (RuntimeException e) {
      LOG.warn("periodic tidy failed; it runs again after the interval",
          "error", io.dtvb.sidecarapi.Redaction.scrub(e.getMessage()));
    }
  }

  private Response status(Request req, FieldData data) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("token_name_prefix", ctx.namePrefix());
    view.put("tidy_interval", ConfigPath.load(req.storage()).map(ConfigEntry::tidyIntervalSeconds).orElse(0L));
    view.put("last_run", req.storage().getJson(STATUS_KEY, Map.class).orElse(null));
    return Response.of(view);
  }

  /** One reconciliation; the result (also on failure) is stored as the last run, unless a dry run. */
  Map<String, Object> run(Request req, String trigger, boolean dryRun) {
    synchronized (running) {
      ConfigEntry config = ConfigPath.load(req.storage()).orElseThrow(ConfigPath::notConfigured);
      TidyReport report = new TidyReport(trigger, ctx.clock().instant(), ctx.namePrefix(), dryRun);
      List<ListedToken> upstream = listUpstream(req, config, report).stream()
          .filter(t -> t.name() != null && t.name().startsWith(ctx.namePrefix())).toList();
      Set<String> inFlight = new HashSet<>();
      for (WriteAheadLog.Entry e : WriteAheadLog.list(req.storage())) {
        if (WalMintJournal.KIND.equals(e.kind())) {
          inFlight.add(String.valueOf(e.data().get(WalMintJournal.TOKEN_NAME)));
        }
      }
      List<TokenInventory.Entry> inventory = new java.util.ArrayList<>();
      for (TokenInventory.Entry e : TokenInventory.all(req.storage())) {
        if (e.environment_url() != null && !e.environment_url().isEmpty()
            && !Environments.same(e.environment_url(), config.environmentUrl())) {
          report.otherEnvironment(e.token_id(), e.environment_url()); // not listed here; never "gone"
        } else {
          inventory.add(e);
        }
      }
      report.listed(upstream.size(), inventory.size());
      Set<String> known = new HashSet<>(req.storage().list(TokenInventory.STORAGE_PREFIX));
      for (ListedToken t : upstream) {
        if (t.type() == TokenType.PLATFORM && t.expiredAt(report.started())) {
          sweepExpired(req, config, t, report);
        } else if (!known.contains(t.tokenId())) {
          sweep(config, t, inFlight.contains(t.name()), report);
        }
      }
      Set<String> listed = new HashSet<>();
      upstream.forEach(t -> listed.add(t.tokenId()));
      Instant cutoff = report.started().minus(INVENTORY_GRACE);
      for (TokenInventory.Entry e : inventory) {
        if (!listed.contains(e.token_id()) && issuedBefore(e, cutoff)) {
          drop(req, e, report);
        }
      }
      Map<String, Object> result = report.finish(ctx.clock().instant());
      ctx.metrics().tidy(dryRun ? "dry_run" : "ok", dryRun ? 0 : (Integer) result.get("orphans_deleted"),
          dryRun ? 0 : (Integer) result.get("expired_deleted"));
      if (!dryRun) {
        req.storage().putJson(STATUS_KEY, result);
      }
      LOG.info(dryRun ? "tidy dry run finished" : "tidy finished", "trigger", trigger,
          "tokens_listed", upstream.size(), "orphans_found", result.get("orphans_found"),
          "orphans_deleted", result.get("orphans_deleted"), "orphans_failed", result.get("orphans_failed"),
          "inventory_dropped", result.get("inventory_dropped"), "expired_deleted", result.get("expired_deleted"),
          "expired_failed", result.get("expired_failed"),
          "other_environment_leases", result.get("other_environment_leases"));
      return result;
    }
  }

  /** The mount's tokens in Dynatrace; a failure is recorded as the last run and answered as 502/503. */
  private List<ListedToken> listUpstream(Request req, ConfigEntry config, TidyReport report) {
    try {
      return ctx.upstream().on(config).listByPrefix(ctx.namePrefix());
    } catch (UpstreamException e) {
      String reason = UpstreamErrors.describe(e, config.secrets());
      if (!report.dryRun()) {
        req.storage().putJson(STATUS_KEY, report.failed("could not list the tokens in Dynatrace: " + reason));
      }
      LOG.warn("tidy could not list tokens", "kind", e.kind().name(), "reason", reason);
      ctx.metrics().tidy("failed", 0, 0);
      throw UpstreamErrors.toVault(UpstreamErrors.Answer.CLEANUP,
          "tidy did not run: could not list this mount's tokens in Dynatrace", e, null, config.secrets());
    }
  }

  /** Deletes one token that no lease holds, unless its mint is still in the journal (rollback's). */
  private void sweep(ConfigEntry config, ListedToken t, boolean inFlight, TidyReport report) {
    if (inFlight) {
      report.inFlight();
      return;
    }
    report.orphan(t.tokenId());
    if (report.dryRun()) {
      return;
    }
    try {
      DeleteResult r = sweepUpstream(config, t,
          "orphan: carries the mount's prefix but no lease or mint journal entry holds it");
      report.swept(!r.alreadyGone());
      LOG.info("tidy deleted an orphaned token", "token_id", t.tokenId(), "token_name", t.name());
    } catch (UpstreamException e) {
      String reason = UpstreamErrors.describe(e, config.secrets());
      report.sweepFailed(t.tokenId() + ": " + reason);
      LOG.warn("tidy could not delete an orphaned token", "token_id", t.tokenId(), "reason", reason);
    }
  }

  /**
   * Deletes one of the mount's platform tokens that is past its expiry: useless, yet listed as
   * ACTIVE and counted against its owner's cap until deleted. Its inventory entry goes with it.
   */
  private void sweepExpired(Request req, ConfigEntry config, ListedToken t, TidyReport report) {
    report.expired(t.tokenId());
    if (report.dryRun()) {
      return;
    }
    try {
      DeleteResult r = sweepUpstream(config, t,
          "expired platform token: still listed and counted against its owner's cap until deleted");
      report.expiredSwept(!r.alreadyGone());
      TokenInventory.remove(req.storage(), t.tokenId());
      LOG.info("tidy deleted an expired platform token", "token_id", t.tokenId(), "token_name", t.name(),
          "expired_at", String.valueOf(t.expirationDate()));
    } catch (UpstreamException e) {
      String reason = UpstreamErrors.describe(e, config.secrets());
      report.expiredFailed(t.tokenId() + ": " + reason);
      LOG.warn("tidy could not delete an expired platform token", "token_id", t.tokenId(), "reason", reason);
    }
  }

  /** The sweep call for one listed token, with the context the lease log records for it. */
  private DeleteResult sweepUpstream(ConfigEntry config, ListedToken t, String reason) throws UpstreamException {
    return ctx.upstream().on(config).sweep(t.tokenId(),
        new TokenAction(LeaseContext.ofName("", "", t.name()).withTokenType(t.type()), reason));
  }

  private static void drop(Request req, TokenInventory.Entry e, TidyReport report) {
    report.dropped(e.token_id());
    if (!report.dryRun()) {
      TokenInventory.remove(req.storage(), e.token_id());
      LOG.info("tidy dropped an inventory entry whose token is gone in Dynatrace", "token_id", e.token_id(),
          "role", e.role());
    }
  }

  private static boolean issuedBefore(TokenInventory.Entry e, Instant cutoff) {
    try {
      return Instant.parse(e.issued_at()).isBefore(cutoff);
    } catch (RuntimeException ex) {
      return false;
    }
  }

  private static Optional<Instant> lastStart(Storage storage) {
    return storage.getJson(STATUS_KEY, Map.class).map(m -> m.get("started_at")).flatMap(v -> {
      try {
        return Optional.of(Instant.parse(String.valueOf(v)));
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    });
  }

  private static final String SYNOPSIS = "Delete orphaned Dynatrace tokens and stale inventory entries.";

  private static final String DESCRIPTION = """
      Tidy lists the Dynatrace tokens, classic and platform, whose names start with this mount's
      unique prefix (see token_name_prefix) among the tokens the minters can see, and compares them
      with the token inventory (tokens/) and the mint journal. A token that neither knows is an
      orphan (left by a lost lease, a restored backup or a failed cleanup) and is deleted; a token
      whose mint is still in the journal is left to rollback. A platform token past its expiry is
      deleted too, and its inventory entry dropped: Dynatrace keeps listing expired platform tokens
      (as ACTIVE) and counts them against the owner's platform-token cap until they are deleted, so
      without tidy an owner eventually cannot mint any more. An inventory entry whose token
      Dynatrace no longer lists (deleted behind Vault's back, or expired) is dropped; its lease
      stays revocable. A token without the mount's prefix is never touched.

      A write runs tidy now and answers the counts: tokens_listed, inventory_entries,
      in_flight_skipped, orphans_found, orphans_deleted, orphans_already_gone, orphans_failed,
      expired_found, expired_deleted, expired_already_gone, expired_failed, inventory_dropped,
      orphan_ids, expired_ids and inventory_dropped_ids (at most 100 each) and errors (at most
      five). Leases minted in another environment than the configured one (environment_url was
      changed since) cannot be checked or revoked here; they are never dropped and are reported as
      other_environment_leases with other_environment_lease_ids and the environments they belong
      to (other_environments). Their revocations fail, retried by Vault, until environment_url is
      restored or an operator removes them knowingly with vault lease revoke -force -prefix
      <lease id>. dry_run=true reports the same without deleting or dropping anything. A read
      shows the last real run. With config's tidy_interval set, tidy also runs from Vault's
      periodic rollback request once per interval (recommended with platform roles). Tokens of
      other mounts are never touched: each mount's prefix is unique.
      """;
}
