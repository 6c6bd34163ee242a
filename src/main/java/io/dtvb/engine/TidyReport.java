package io.dtvb.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The counts of one tidy run, as the tidy endpoint answers them and keeps the last one. */
final class TidyReport {
  private static final int MAX_ERRORS_SHOWN = 5;
  private static final int MAX_IDS_SHOWN = 100;

  private final Map<String, Object> result = new LinkedHashMap<>();
  private final Instant started;
  private final boolean dryRun;
  private int orphans;
  private int deleted;
  private int alreadyGone;
  private int failed;
  private int inFlight;
  private int dropped;
  private int expired;
  private int expiredDeleted;
  private int expiredAlreadyGone;
  private int expiredFailed;
  private final List<String> expiredIds = new ArrayList<>();
  private final List<String> orphanIds = new ArrayList<>();
  private final List<String> droppedIds = new ArrayList<>();
  private final List<String> errors = new ArrayList<>();
  private int otherEnvironment;
  private final List<String> otherEnvironmentIds = new ArrayList<>();
  private final java.util.Set<String> otherEnvironments = new java.util.TreeSet<>();

  TidyReport(String trigger, Instant started, String prefix, boolean dryRun) {
    this.started = started;
    this.dryRun = dryRun;
    result.put("trigger", trigger);
    result.put("started_at", started.toString());
    result.put("token_name_prefix", prefix);
    result.put("dry_run", dryRun);
  }

  Instant started() {
    return started;
  }

  boolean dryRun() {
    return dryRun;
  }

  void listed(int tokens, int inventoryEntries) {
    result.put("tokens_listed", tokens);
    result.put("inventory_entries", inventoryEntries);
  }

  void inFlight() {
    inFlight++;
  }

  void orphan(String tokenId) {
    orphans++;
    if (orphanIds.size() < MAX_IDS_SHOWN) {
      orphanIds.add(tokenId);
    }
  }

  void swept(boolean deletedNow) {
    if (deletedNow) {
      deleted++;
    } else {
      alreadyGone++;
    }
  }

  void sweepFailed(String error) {
    failed++;
    if (errors.size() < MAX_ERRORS_SHOWN) {
      errors.add(error);
    }
  }

  /** A listed platform token of the mount that is past its expiry. */
  void expired(String tokenId) {
    expired++;
    if (expiredIds.size() < MAX_IDS_SHOWN) {
      expiredIds.add(tokenId);
    }
  }

  void expiredSwept(boolean deletedNow) {
    if (deletedNow) {
      expiredDeleted++;
    } else {
      expiredAlreadyGone++;
    }
  }

  void expiredFailed(String error) {
    expiredFailed++;
    if (errors.size() < MAX_ERRORS_SHOWN) {
      errors.add(error);
    }
  }

  /** An inventory entry of a lease minted in another environment than the configured one. */
  void otherEnvironment(String tokenId, String environmentUrl) {
    otherEnvironment++;
    otherEnvironments.add(environmentUrl);
    if (otherEnvironmentIds.size() < MAX_IDS_SHOWN) {
      otherEnvironmentIds.add(tokenId);
    }
  }

  void dropped(String tokenId) {
    dropped++;
    if (droppedIds.size() < MAX_IDS_SHOWN) {
      droppedIds.add(tokenId);
    }
  }

  /** The result of a run that could not list the tokens. */
  Map<String, Object> failed(String error) {
    Map<String, Object> out = new LinkedHashMap<>(result);
    out.put("error", error);
    return out;
  }

  Map<String, Object> finish(Instant finished) {
    Map<String, Object> out = new LinkedHashMap<>(result);
    out.put("in_flight_skipped", inFlight);
    out.put("orphans_found", orphans);
    out.put("orphans_deleted", deleted);
    out.put("orphans_already_gone", alreadyGone);
    out.put("orphans_failed", failed);
    out.put("orphan_ids", orphanIds);
    out.put("expired_found", expired);
    out.put("expired_deleted", expiredDeleted);
    out.put("expired_already_gone", expiredAlreadyGone);
    out.put("expired_failed", expiredFailed);
    out.put("expired_ids", expiredIds);
    out.put("inventory_dropped", dropped);
    out.put("inventory_dropped_ids", droppedIds);
    out.put("other_environment_leases", otherEnvironment);
    out.put("other_environment_lease_ids", otherEnvironmentIds);
    out.put("other_environments", List.copyOf(otherEnvironments));
    out.put("finished_at", finished.toString());
    if (!errors.isEmpty()) {
      out.put("errors", errors);
    }
    return out;
  }
}
