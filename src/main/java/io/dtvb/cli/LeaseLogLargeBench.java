package io.dtvb.cli;

import io.dtvb.leaselog.LeaseLog;
import io.dtvb.leaselog.LogKey;
import io.dtvb.leaselog.LogStore;
import io.dtvb.leaselog.MerkleProofs;
import io.dtvb.leaselog.TreeLayout;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The large-log part of {@link LeaseLogBenchCommand}: builds a log of N entries in batched appends,
 * reopens it (the file store rescans its records and checks its tree file), verifies its export
 * and times inclusion and consistency proofs at its full size.
 */
final class LeaseLogLargeBench {
  private final long size;
  private final int proofs;
  private final PrintWriter out;
  private final PrintWriter progress;

  LeaseLogLargeBench(long size, int proofs, PrintWriter out, PrintWriter progress) {
    this.size = size;
    this.proofs = proofs;
    this.out = out;
    this.progress = progress;
  }

  void run(String store, Path tmp, LeaseLogBenchCommand.Opener opener, boolean verify) throws Exception {
    String origin = LeaseLog.origin("bench-large");
    LogKey key = LogKey.generate(origin);
    long t0 = System.nanoTime();
    try (LogStore s = opener.open()) {
      LeaseLog log = new LeaseLog(s, key, origin);
      for (long from = 0; from < size; from += 100_000) {
        LeaseLogBenchCommand.appendRange(log, from, Math.min(size, from + 100_000));
        progress.println(store + ": built " + Math.min(size, from + 100_000) + " of " + size);
        progress.flush();
      }
    }
    double build = seconds(t0);
    long t1 = System.nanoTime();
    try (LogStore s = opener.open()) {
      double open = seconds(t1);
      LeaseLog log = new LeaseLog(s, key, origin);
      out.printf("%-9s large log of %d entries: built in %.1f s (%.0f entries/s in batches of 512),"
          + " reopened in %.2f s%n", store, size, build, size / build, open);
      if (verify) {
        Path export = tmp.resolve("large.jsonl");
        double first = LeaseLogBenchCommand.verifySeconds(log, export);
        if (size >= 1_000_000) {
          out.printf("%-9s verify of the %d-entry export: %.2f s = %.2f s per 1M entries%n", store, size, first,
              first * 1e6 / size);
        } else {
          // A small export's first verify includes the verifier's class loading and JIT warm-up,
          // which a 1M-entry verify pays once: the per-1M figure scales a second, warm run.
          double again = LeaseLogBenchCommand.verifySeconds(log, export);
          out.printf("%-9s verify of the %d-entry export: %.2f s, again %.2f s = %.2f s per 1M entries (scaled"
              + " from the second run; the first includes the JIT warm-up)%n", store, size, first, again,
              again * 1e6 / size);
        }
      }
      timeProofs(store, log);
    }
  }

  private void timeProofs(String store, LeaseLog log) throws Exception {
    Random r = new Random(6962);
    long[] inclusion = new long[proofs];
    long[] consistency = new long[proofs];
    long hashes = 0;
    for (int pass = 0; pass < 2; pass++) { // the first pass warms the JIT and the page cache up
      for (int i = 0; i < proofs; i++) {
        long index = Math.floorMod(r.nextLong(), size);
        long t0 = System.nanoTime();
        log.inclusionProof(index, size);
        inclusion[i] = System.nanoTime() - t0;
        long old = 1 + Math.floorMod(r.nextLong(), size - 1);
        long t1 = System.nanoTime();
        log.consistencyProof(old, size);
        consistency[i] = System.nanoTime() - t1;
        if (pass == 1) {
          hashes += read(MerkleProofs.inclusionSpans(index, size)) + read(MerkleProofs.consistencySpans(old, size));
        }
      }
    }
    out.printf("%-9s proofs at %d entries: inclusion p50 %.0f µs p99 %.0f µs, consistency p50 %.0f µs"
        + " p99 %.0f µs (%d proofs each; %.1f stored hashes read per proof)%n", store, size,
        percentile(inclusion, 50), percentile(inclusion, 99), percentile(consistency, 50),
        percentile(consistency, 99), proofs, hashes / (2.0 * proofs));
  }

  /** How many stored hashes the proof of these spans reads. */
  private static long read(List<MerkleProofs.Span> spans) {
    return spans.stream().mapToLong(s -> TreeLayout.nodesOf(s.from(), s.to()).size()).sum();
  }

  private static double percentile(long[] nanos, int p) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1e3;
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
