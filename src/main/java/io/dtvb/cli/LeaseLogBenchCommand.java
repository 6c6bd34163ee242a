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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures the lease log side by side: appends per second and verify time per 100k entries for the
 * file store and, given a throwaway database, the PostgreSQL store; prints the ratios.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Benchmark the lease log backends (appends/s, verify time per 100k entries).",
        "With --postgres-url it DROPS and recreates the lease log tables in that database: give it a"
            + " throwaway one (scripts/bench-lease-log.sh starts one)."})
public final class LeaseLogBenchCommand implements Callable<Integer> {

  @Option(names = "--entries", defaultValue = "20000", description = "Entries to append per backend (default: ${DEFAULT-VALUE}).")
  int entries;

  @Option(names = "--postgres-url", description = "JDBC URL of a THROWAWAY database for the PostgreSQL backend.")
  String postgresUrl;

  /** One backend's figures. */
  record Result(String backend, long entries, double appendsPerSecond, double verifySecondsPer100k) {}

  @Override
  public Integer call() throws Exception {
    if (entries < 100) {
      System.err.println("--entries must be at least 100");
      return 2;
    }
    List<Result> results = new ArrayList<>();
    Path tmp = Files.createTempDirectory("dvb-bench");
    try {
      results.add(run("file", FileLogStore.open(tmp.resolve("file-log")), tmp));
      if (postgresUrl != null) {
        try (Connection c = DriverManager.getConnection(postgresUrl); Statement s = c.createStatement()) {
          s.execute("DROP TABLE IF EXISTS dvb_lease_log_entries, dvb_lease_log_head");
        }
        results.add(run("postgres", PostgresLogStore.open(postgresUrl, null, null), tmp));
      }
    } finally {
      try (var walk = Files.walk(tmp)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    System.out.printf("%-10s %10s %14s %22s%n", "backend", "entries", "appends/s", "verify s per 100k");
    for (Result r : results) {
      System.out.printf("%-10s %10d %14.0f %22.2f%n", r.backend(), r.entries(), r.appendsPerSecond(),
          r.verifySecondsPer100k());
    }
    if (results.size() == 2) {
      System.out.printf("ratio postgres/file: appends %.2f, verify %.2f%n",
          results.get(1).appendsPerSecond() / results.get(0).appendsPerSecond(),
          results.get(1).verifySecondsPer100k() / results.get(0).verifySecondsPer100k());
    }
    return 0;
  }

  private Result run(String backend, LogStore store, Path tmp) throws Exception {
    String origin = LeaseLog.origin("bench-" + backend);
    LeaseLog log = new LeaseLog(store, LogKey.generate(origin), origin);
    try {
      long t0 = System.nanoTime();
      for (int i = 0; i < entries; i++) {
        log.append(event(i));
        if ((i + 1) % 10_000 == 0) {
          System.err.println(backend + ": appended " + (i + 1) + " of " + entries);
        }
      }
      double appendSeconds = (System.nanoTime() - t0) / 1e9;
      Path export = tmp.resolve(backend + ".jsonl");
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(export))) {
        log.export(out);
      }
      LogVerifier.Result verified = null;
      double verifySeconds = 0;
      for (int pass = 0; pass < 2; pass++) { // the first pass warms the JIT up; the second is measured
        long t1 = System.nanoTime();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(export))) {
          verified = new LogVerifier(log.verifierKey()).verify(in);
        }
        verifySeconds = (System.nanoTime() - t1) / 1e9;
      }
      if (!(verified instanceof LogVerifier.Ok)) {
        throw new IllegalStateException(backend + " export did not verify: " + verified);
      }
      return new Result(backend, entries, entries / appendSeconds, verifySeconds * 100_000 / entries);
    } finally {
      store.close();
    }
  }

  private static LeaseEvent event(int i) {
    EventType type = i % 3 == 0 ? EventType.MINTED : i % 3 == 1 ? EventType.RENEWED : EventType.REVOKED;
    return new LeaseEvent(type, Instant.ofEpochSecond(1_900_000_000L + i), "dynatrace/", "ci",
        "entity-" + (i % 50), "token-ci-runner", "req-" + i, "mount-uuid", "dt0c01.BENCH" + String.format("%019d", i / 3),
        "vault-abcdefgh-dynatrace-ci-" + (i / 3), List.of("metrics.read", "logs.ingest"),
        Instant.ofEpochSecond(1_900_003_600L + i), "bench", 0, Map.of("team", "bench"));
  }
}
