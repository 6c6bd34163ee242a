package io.dtvb.cli;

import io.dtvb.leaselog.FileLogStore;
import io.dtvb.leaselog.LeaseLog;
import io.dtvb.leaselog.LogKey;
import io.dtvb.leaselog.LogStore;
import io.dtvb.leaselog.PostgresLogStore;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The sidecar's lease-log options: where the log lives and which key signs its checkpoints. */
final class LeaseLogOptions {

  /** Where the log is kept. */
  enum Backend { file, postgres, off }

  @Option(names = "--lease-log", defaultValue = "file",
      description = "Lease log backend: file (in --data-dir, one sidecar), postgres (shared by replicas) or off"
          + " (default: ${DEFAULT-VALUE}).")
  Backend backend;

  @Option(names = "--lease-log-id", defaultValue = "default",
      description = "The log's id; its checkpoints' origin is dynatrace-vault-bridge/lease-log/<id>."
          + " Replicas sharing a PostgreSQL log use the same id and key (default: ${DEFAULT-VALUE}).")
  String id;

  @Option(names = "--lease-log-key-dir",
      description = "Directory of the signing key (lease-log-signing.key, mode 0600, created on first start);"
          + " default: --data-dir.")
  String keyDir;

  @Option(names = "--lease-log-postgres-url",
      description = "JDBC URL of the shared log (jdbc:postgresql://host:5432/db); the password comes from the"
          + " environment variable DVB_LEASE_LOG_PG_PASSWORD, never from the command line.")
  String postgresUrl;

  @Option(names = "--lease-log-postgres-user", description = "PostgreSQL user (default: from the URL).")
  String postgresUser;

  /** Opens the log, or answers null when it is off; throws with a message naming the missing option. */
  LeaseLog open(String dataDir) throws Exception {
    if (backend == Backend.off) {
      return null;
    }
    String keys = keyDir != null ? keyDir : dataDir;
    if (keys == null) {
      throw new IllegalArgumentException("the lease log needs --data-dir (or --lease-log-key-dir) for its signing key");
    }
    LogStore store;
    if (backend == Backend.file) {
      if (dataDir == null) {
        throw new IllegalArgumentException("--lease-log file needs --data-dir");
      }
      store = FileLogStore.open(Path.of(dataDir, "lease-log"));
    } else {
      if (postgresUrl == null) {
        throw new IllegalArgumentException("--lease-log postgres needs --lease-log-postgres-url");
      }
      store = PostgresLogStore.open(postgresUrl, postgresUser, System.getenv("DVB_LEASE_LOG_PG_PASSWORD"));
    }
    String origin = LeaseLog.origin(id);
    return new LeaseLog(store, LogKey.loadOrCreate(Path.of(keys), origin), origin);
  }
}
