package io.dtvb.leaselog;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.LongConsumer;

/**
 * Checks a lease-log export against the log's public key and, optionally, an older checkpoint the
 * auditor already trusts, reading the export once as a stream.
 *
 * <p>Per entry, in order: canonical form, {@code index} equal to its position, {@code prev_root}
 * equal to the root of all entries before it. A {@code prev_root} mismatch at entry k is reported
 * at k-1 (entry k-1 no longer hashes to what entry k recorded; an altered {@code prev_root} of
 * entry k itself looks the same). Then the checkpoint: its signature, origin, size (a missing or
 * extra entry is named) and root (a mismatch names the last entry). With a trusted checkpoint, its
 * signature and origin are checked first and the root of the first {@code size} entries must equal
 * its root, which proves the export extends what the auditor saw before.
 */
public final class LogVerifier {
  /** How often progress is reported, in entries. */
  public static final long PROGRESS_EVERY = 10_000;

  private final VerifierKey key;

  public LogVerifier(VerifierKey key) {
    this.key = key;
  }

  /** The outcome of a verification. */
  public sealed interface Result permits Ok, Failure {}

  /** The export is intact: {@code size} entries with this {@code root}, signed. */
  public record Ok(long size, byte[] root) implements Result {
    public String rootHex() {
      return HexFormat.of().formatHex(root);
    }
  }

  /** The first problem found; {@code index} is -1 when it is not about one entry. */
  public record Failure(long index, String reason) implements Result {}

  /** Verifies {@code export} without a trusted checkpoint and without progress reports. */
  public Result verify(InputStream export) throws IOException {
    return verify(export, null, n -> {});
  }

  /**
   * Verifies {@code export}; {@code trustedNote} (nullable) is an older signed checkpoint; {@code
   * progress} receives the number of entries checked every {@link #PROGRESS_EVERY} entries.
   */
  public Result verify(InputStream export, String trustedNote, LongConsumer progress) throws IOException {
    Checkpoint trusted = null;
    if (trustedNote != null) {
      try {
        trusted = Checkpoint.open(trustedNote, key);
      } catch (LogFormatException e) {
        return new Failure(-1, "trusted checkpoint: " + e.getMessage());
      }
    }
    ExportReader reader;
    try {
      reader = new ExportReader(export);
    } catch (LogFormatException e) {
      return new Failure(-1, e.getMessage());
    }
    if (trusted != null && !trusted.origin().equals(reader.origin())) {
      return new Failure(-1, "trusted checkpoint is for log '" + trusted.origin() + "', the export for '"
          + reader.origin() + "'");
    }
    CompactRange range = new CompactRange();
    Result r = checkEntries(reader, range, trusted, progress);
    return r != null ? r : checkCheckpoint(reader, range, trusted);
  }

  private Result checkEntries(ExportReader reader, CompactRange range, Checkpoint trusted, LongConsumer progress)
      throws IOException {
    if (trusted != null && trusted.size() == 0 && !Arrays.equals(trusted.root(), range.root())) {
      return inconsistent(trusted);
    }
    byte[] root = range.root();
    try (DecodedEntries lines = new DecodedEntries(reader)) {
      while (true) {
        long k = range.size();
        DecodedEntries.Decoded d = lines.next();
        if (d == null) {
          return null;
        }
        if (d.failure() != null) {
          return new Failure(k, d.failure());
        }
        LogEntry entry = d.entry();
        if (entry != null && entry.index() != k) {
          return new Failure(k, "entry says index " + entry.index() + " (an entry is missing, duplicated or out"
              + " of order)");
        }
        if (entry != null && !entry.hasPrevRoot(root)) {
          return k == 0
              ? new Failure(0, "prev_root is not the empty tree's root")
              : new Failure(k - 1, "entry " + (k - 1) + " does not hash to the prev_root recorded in entry " + k
                  + " (entry " + (k - 1) + " or that prev_root was altered)");
        }
        range.append(d.leafHash());
        root = range.root();
        if (trusted != null && range.size() == trusted.size() && !Arrays.equals(trusted.root(), root)) {
          return inconsistent(trusted);
        }
        if (entry != null && range.size() % PROGRESS_EVERY == 0) {
          progress.accept(range.size());
        }
      }
    }
  }

  private Result checkCheckpoint(ExportReader reader, CompactRange range, Checkpoint trusted) {
    long n = range.size();
    if (reader.checkpointNote() == null) {
      return new Failure(-1, "the export ends without its checkpoint line (truncated after " + n + " entries)");
    }
    Checkpoint cp;
    try {
      cp = Checkpoint.open(reader.checkpointNote(), key);
    } catch (LogFormatException e) {
      return new Failure(-1, "checkpoint: " + e.getMessage());
    }
    if (!cp.origin().equals(reader.origin())) {
      return new Failure(-1, "checkpoint is for log '" + cp.origin() + "', the export for '" + reader.origin()
          + "'");
    }
    if (cp.size() > n) {
      return new Failure(n, "entry missing: the checkpoint covers " + cp.size() + " entries, the export has " + n);
    }
    if (cp.size() < n) {
      return new Failure(cp.size(), "entries beyond the checkpoint's size " + cp.size());
    }
    if (!Arrays.equals(cp.root(), range.root())) {
      return n == 0
          ? new Failure(-1, "the checkpoint's root is not the empty tree's root")
          : new Failure(n - 1, "entries 0.." + (n - 1) + " do not hash to the checkpoint's root (entry " + (n - 1)
              + " was altered)");
    }
    if (trusted != null && trusted.size() > n) {
      return new Failure(-1, "the trusted checkpoint (size " + trusted.size() + ") is newer than the export (size "
          + n + "): the log shrank or this export is stale");
    }
    return new Ok(n, range.root());
  }

  private static Failure inconsistent(Checkpoint trusted) {
    return new Failure(-1, "not consistent with the trusted checkpoint: the first " + trusted.size()
        + " entries do not hash to its root " + trusted.rootHex() + " (history rewritten)");
  }
}
