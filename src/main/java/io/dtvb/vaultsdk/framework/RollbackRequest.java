package io.dtvb.vaultsdk.framework;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Vault's periodic rollback request (every minute on the active node): the backend's periodic hook,
 * then every write-ahead-log entry old enough (or all, with {@code immediate}) to its kind's handler.
 */
final class RollbackRequest {
  private static final Log LOG = Log.named("framework");

  private final Backend.PeriodicFunc periodic;
  private final Map<String, Backend.WalRollback> walRollbacks;
  private final Duration walMinAge;
  private final Clock clock;

  RollbackRequest(Backend.PeriodicFunc periodic, Map<String, Backend.WalRollback> walRollbacks, Duration walMinAge,
      Clock clock) {
    this.periodic = periodic;
    this.walRollbacks = walRollbacks;
    this.walMinAge = walMinAge;
    this.clock = clock;
  }

  Response handle(Request req) throws Exception {
    if (periodic == null && walRollbacks.isEmpty()) {
      throw new UnsupportedOperationError("rollback is not supported");
    }
    Exception periodicFailure = null;
    if (periodic != null) {
      try {
        periodic.run(req);
      } catch (Exception e) {
        periodicFailure = e; // the write-ahead log is still rolled back
      }
    }
    if (!walRollbacks.isEmpty()) {
      rollbackWal(req);
    }
    if (periodicFailure != null) {
      throw periodicFailure;
    }
    return null;
  }

  /** Hands each old-enough entry to its kind's handler; one failing entry never stops the others. */
  private void rollbackWal(Request req) {
    Object flag = req.data().get("immediate"); // the CLI sends "true" as a string
    boolean immediate = Boolean.TRUE.equals(flag) || "true".equals(flag);
    long now = clock.instant().getEpochSecond();
    for (WriteAheadLog.Entry e : WriteAheadLog.list(req.storage())) {
      Backend.WalRollback handler = walRollbacks.get(e.kind());
      if (handler == null || (!immediate && now - e.createdAt() < walMinAge.toSeconds())) {
        continue;
      }
      try {
        handler.rollback(req, e.data());
        WriteAheadLog.delete(req.storage(), e.id());
        LOG.info("rolled back write-ahead-log entry", "kind", e.kind(), "wal_id", e.id());
      } catch (Exception ex) {
        LOG.warn("rollback of write-ahead-log entry failed; kept for the next rollback", "kind", e.kind(),
            "wal_id", e.id(), "error", ex.getMessage());
      }
    }
  }
}
