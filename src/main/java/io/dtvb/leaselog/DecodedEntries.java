package io.dtvb.leaselog;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The lines of an export, decoded on every core ahead of the verifier and handed back in order.
 * Decoding (parse, canonical re-encode, leaf hash) is per line and independent, and it is most of
 * what verifying costs; the hash chain that needs the order stays with the caller. The calling
 * thread reads the lines and cuts them into batches; batches after the first go to a pool (so a
 * small export never starts one), at most a few batches ahead of the caller.
 */
final class DecodedEntries implements AutoCloseable {
  /** Lines per batch handed to one worker. */
  private static final int BATCH = 2048;

  /**
   * One line: its leaf hash and, for an entry, the entry (null for a view's {@code leaf_hash}
   * line); or, instead, why it is not valid ({@code failure}, the verifier's reason text).
   */
  record Decoded(byte[] leafHash, LogEntry entry, String failure) {}

  private final ExportReader reader;
  private final int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
  private final ArrayDeque<Future<List<Decoded>>> ahead = new ArrayDeque<>();
  private ExecutorService pool;
  private Iterator<Decoded> current = List.<Decoded>of().iterator();
  private boolean ended;
  private IOException readError; // raised once the lines read before it have been handed out

  DecodedEntries(ExportReader reader) {
    this.reader = reader;
  }

  /** The next line decoded, or null after the last entry line (the reader then has the checkpoint). */
  Decoded next() throws IOException {
    while (!current.hasNext()) {
      while (!ended && ahead.size() <= threads) {
        List<byte[]> lines = new ArrayList<>(BATCH);
        Decoded cutShort = read(lines);
        if (pool == null && lines.size() < BATCH) { // the whole export fits in one batch
          ahead.add(CompletableFuture.completedFuture(decodeAll(lines, cutShort)));
        } else {
          if (pool == null) {
            pool = Executors.newFixedThreadPool(threads, r -> {
              Thread t = new Thread(r, "lease-log-verify");
              t.setDaemon(true);
              return t;
            });
          }
          ahead.add(pool.submit(() -> decodeAll(lines, cutShort)));
        }
      }
      if (ahead.isEmpty()) {
        if (readError != null) {
          throw readError;
        }
        return null;
      }
      current = take(ahead.poll()).iterator();
    }
    return current.next();
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  /**
   * Fills {@code lines} with up to a batch; answers the line that cannot be an entry (too long)
   * and ended the export early, if any. A read error is kept for after the lines before it.
   */
  private Decoded read(List<byte[]> lines) {
    while (lines.size() < BATCH) {
      byte[] raw;
      try {
        raw = reader.nextEntry();
      } catch (LogFormatException e) {
        ended = true;
        return new Decoded(null, null, e.getMessage());
      } catch (IOException e) {
        ended = true;
        readError = e;
        return null;
      }
      if (raw == null) {
        ended = true;
        return null;
      }
      lines.add(raw);
    }
    return null;
  }

  private List<Decoded> decodeAll(List<byte[]> lines, Decoded cutShort) {
    List<Decoded> out = new ArrayList<>(lines.size() + 1);
    for (byte[] raw : lines) {
      out.add(decode(raw));
    }
    if (cutShort != null) {
      out.add(cutShort);
    }
    return out;
  }

  private Decoded decode(byte[] raw) {
    try {
      byte[] leaf = reader.leafHash(raw);
      if (leaf != null) { // another connection's entry in a view: only its hash takes part
        return new Decoded(leaf, null, null);
      }
    } catch (LogFormatException e) {
      return new Decoded(null, null, e.getMessage());
    }
    try {
      return new Decoded(MerkleHashes.leaf(raw), LogEntry.decode(raw), null);
    } catch (LogFormatException e) {
      return new Decoded(null, null, "entry is invalid: " + e.getMessage());
    }
  }

  private static List<Decoded> take(Future<List<Decoded>> batch) throws IOException {
    try {
      return batch.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while verifying", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("decoding a batch failed", e.getCause());
    }
  }
}
