package io.dtvb.cli;

import io.dtvb.leaselog.EventType;
import io.dtvb.leaselog.FileLogStore;
import io.dtvb.leaselog.LeaseEvent;
import io.dtvb.leaselog.LeaseLog;
import io.dtvb.leaselog.LogKey;
import io.dtvb.leaselog.LogStore;
import io.dtvb.leaselog.LogVerifier;
import io.dtvb.leaselog.PostgresLogStore;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Measures the lease log side by side in one run: appends per second for each store with one
 * appender and with several concurrent ones (whose appends share flushes), then on a large log
 * (default 1M entries) the time to open it, to verify its export, and to answer proofs.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Benchmark the lease log: appends/s per store (1 and N appenders), verify time per 1M entries,"
        + " proof time at 1M entries.",
        "With --postgres-url it DROPS and recreates the lease log tables in that database: give it a"
            + " throwaway one (scripts/bench-lease-log.sh starts one)."})
public final class LeaseLogBenchCommand implements Callable<Integer> {
  private static final int BATCH = 512;

  @Option(names = "--entries", defaultValue = "4000", description = "Entries per append measurement (default: ${DEFAULT-VALUE}).")
  int entries;

  @Option(names = "--appenders", defaultValue = "8", description = "Concurrent appenders (default: ${DEFAULT-VALUE}).")
  int appenders;

  @Option(names = "--large", defaultValue = "1000000",
      description = "Entries of the large log for open, verify and proof times (default: ${DEFAULT-VALUE}).")
  long large;

  @Option(names = "--proofs", defaultValue = "400", description = "Proofs of each kind timed (default: ${DEFAULT-VALUE}).")
  int proofs;

  @Option(names = "--postgres-url", description = "JDBC URL of a THROWAWAY database for the PostgreSQL store.")
  String postgresUrl;

  @Spec CommandSpec spec;
  private PrintWriter out;

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (entries < 100 || appenders < 1 || large < 2 || proofs < 10) {
      err.println("need --entries >= 100, --appenders >= 1, --large >= 2, --proofs >= 10");
      return 2;
    }
    Path tmp = Files.createTempDirectory("dvb-bench");
    try {
      out.printf("lease log bench: %d cores, %s%n", Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
      warmUp(tmp);
      double[] file = appends("file", () -> FileLogStore.open(tmp.resolve("file-" + System.nanoTime())));
      double[] pg = postgresUrl == null ? null : appends("postgres", this::freshPostgres);
      out.printf("ratios: file %d/1 appenders %.2f", appenders, file[1] / file[0]);
      if (pg != null) {
        out.printf(", postgres %d/1 appenders %.2f, postgres/file %.2f (1) %.2f (%d)", appenders,
            pg[1] / pg[0], pg[0] / file[0], pg[1] / file[1], appenders);
      }
      out.println();
      new LeaseLogLargeBench(large, proofs, out, err).run("file", tmp, () -> FileLogStore.open(tmp.resolve("large")), true);
      if (postgresUrl != null) {
        freshPostgres().close();
        new LeaseLogLargeBench(large, proofs, out, err).run("postgres", tmp,
            () -> PostgresLogStore.open(postgresUrl, null, null), false);
      }
    } finally {
      try (var walk = Files.walk(tmp)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    out.flush();
    return 0;
  }

  /** A store to measure, opened afresh. */
  @FunctionalInterface
  interface Opener {
    LogStore open() throws Exception;
  }

  /** Runs the append and verify paths once unmeasured, so the first figure is not the JIT's. */
  private void warmUp(Path tmp) throws Exception {
    try (LogStore s = FileLogStore.open(tmp.resolve("warm-up"))) {
      String origin = LeaseLog.origin("bench-warm-up");
      LeaseLog log = new LeaseLog(s, LogKey.generate(origin), origin);
      appendRange(log, 0, 20_000);
      appendsPerSecond(log, 1, 200);
      appendsPerSecond(log, appenders, 200 * appenders);
      verifySeconds(log, tmp.resolve("warm-up.jsonl"));
    }
  }

  /** Appends/s with one appender and with {@link #appenders}; prints both. */
  private double[] appends(String store, Opener opener) throws Exception {
    double[] rates = new double[2];
    int[] threads = {1, appenders};
    for (int t = 0; t < 2; t++) {
      try (LogStore s = opener.open()) {
        String origin = LeaseLog.origin("bench-" + store);
        LeaseLog log = new LeaseLog(s, LogKey.generate(origin), origin);
        rates[t] = appendsPerSecond(log, threads[t], entries);
      }
      out.printf("%-9s appenders=%-3d %8.0f appends/s (each acknowledged after its fsync or commit)%n", store,
          threads[t], rates[t]);
      out.flush();
    }
    return rates;
  }

  private static double appendsPerSecond(LeaseLog log, int threads, int entries) throws Exception {
    int each = entries / threads;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long t0 = System.nanoTime();
      List<Future<?>> runs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int base = t * each;
        runs.add(pool.submit(() -> {
          for (int i = 0; i < each; i++) {
            log.append(event(base + i));
          }
          return null;
        }));
      }
      for (Future<?> f : runs) {
        f.get();
      }
      return each * (double) threads / ((System.nanoTime() - t0) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }

  private LogStore freshPostgres() throws Exception {
    try (Connection c = DriverManager.getConnection(postgresUrl); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS dvb_lease_log_entries, dvb_lease_log_head, dvb_lease_log_nodes");
    }
    return PostgresLogStore.open(postgresUrl, null, null);
  }

  /** The events of the bench: a mint, a renewal and a revocation per token, as the sidecar writes them. */
  static LeaseEvent event(long i) {
    EventType type = i % 3 == 0 ? EventType.MINTED : i % 3 == 1 ? EventType.RENEWED : EventType.REVOKED;
    return new LeaseEvent(type, Instant.ofEpochSecond(1_900_000_000L + i), "dynatrace/", "ci",
        "entity-" + (i % 50), "token-ci-runner", "req-" + i, "mount-uuid", "dt0c01.BENCH" + String.format("%019d", i / 3),
        "vault-abcdefgh-dynatrace-ci-" + (i / 3), List.of("metrics.read", "logs.ingest"),
        Instant.ofEpochSecond(1_900_003_600L + i), "bench", 0, Map.of("team", "bench"));
  }

  /** Appends events {@code [from, to)} in batches of {@value #BATCH} (one flush each). */
  static void appendRange(LeaseLog log, long from, long to) throws Exception {
    for (long at = from; at < to; at += BATCH) {
      List<LeaseEvent> batch = new ArrayList<>(BATCH);
      for (long i = at; i < Math.min(to, at + BATCH); i++) {
        batch.add(event(i));
      }
      log.appendAll(batch);
    }
  }

  /** Verifies the export in {@code file}; answers the seconds it took. */
  static double verifySeconds(LeaseLog log, Path export) throws Exception {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(export), 1 << 16)) {
      log.export(out);
    }
    long t0 = System.nanoTime();
    LogVerifier.Result r;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(export), 1 << 16)) {
      r = new LogVerifier(log.verifierKey()).verify(in);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (!(r instanceof LogVerifier.Ok)) {
      throw new IllegalStateException("the export did not verify: " + r);
    }
    return seconds;
  }
}
