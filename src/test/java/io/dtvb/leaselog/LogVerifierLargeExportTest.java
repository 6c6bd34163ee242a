package io.dtvb.leaselog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An export of several decoding batches (their lines decoded in parallel, {@link DecodedEntries})
 * verifies like a small one: the first problem is named at its index whichever batch holds it,
 * also when a later batch holds another one or the stream fails later, and a view's hash lines
 * take part across batches.
 */
class LogVerifierLargeExportTest {
  static final int N = 7000; // more than three batches
  static final LogKey KEY = LogKey.generate(LeaseLog.origin("large"));
  static final LeaseLog LOG = log();
  static final List<byte[]> LINES = lines(false);

  static LeaseLog log() {
    try {
      LeaseLog log = new LeaseLog(new MemoryLogStore(), KEY, KEY.name());
      List<LeaseEvent> events = new ArrayList<>();
      for (int i = 0; i < N; i++) {
        events.add(Events.sample(i));
      }
      log.appendAll(events);
      return log;
    } catch (LogStoreException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<byte[]> lines(boolean view) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (view) {
        LOG.exportView("nobody", out); // every line a leaf hash
      } else {
        LOG.export(out);
      }
      List<byte[]> lines = new ArrayList<>();
      for (String s : out.toString(StandardCharsets.UTF_8).split("\n")) {
        lines.add(s.getBytes(StandardCharsets.UTF_8));
      }
      return lines;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static LogVerifier.Result verify(List<byte[]> lines) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] l : lines) {
      out.write(l);
      out.write('\n');
    }
    return new LogVerifier(KEY.verifier()).verify(new ByteArrayInputStream(out.toByteArray()));
  }

  static List<byte[]> breakEntry(List<byte[]> lines, int k) {
    List<byte[]> copy = new ArrayList<>(lines);
    byte[] l = copy.get(k + 1).clone();
    l[0] = '[';
    copy.set(k + 1, l);
    return copy;
  }

  @Test
  void theWholeExportAndAViewVerify() throws Exception {
    assertEquals(N, assertInstanceOf(LogVerifier.Ok.class, verify(LINES)).size());
    assertEquals(N, assertInstanceOf(LogVerifier.Ok.class, verify(lines(true))).size());
  }

  @Test
  void theFirstBrokenEntryIsNamedWhicheverBatchHoldsIt() throws Exception {
    for (int k : new int[] {0, 2047, 2048, 5000, N - 1}) {
      LogVerifier.Failure f = assertInstanceOf(LogVerifier.Failure.class, verify(breakEntry(breakEntry(LINES, k),
          Math.min(N - 1, k + 3000))));
      assertEquals(k, f.index(), f.reason());
      assertTrue(f.reason().contains("invalid"), f.reason());
    }
  }

  @Test
  void aDroppedEntryInALaterBatchIsNamed() throws Exception {
    List<byte[]> lines = new ArrayList<>(LINES);
    lines.remove(4500 + 1);
    LogVerifier.Failure f = assertInstanceOf(LogVerifier.Failure.class, verify(lines));
    assertEquals(4500, f.index(), f.reason());
  }

  @Test
  void anOverlongLineInALaterBatchIsNamedAfterTheEntriesBeforeIt() throws Exception {
    List<byte[]> lines = new ArrayList<>(LINES);
    lines.set(6000 + 1, new byte[FileLogStore.MAX_ENTRY + 5000]);
    LogVerifier.Failure f = assertInstanceOf(LogVerifier.Failure.class, verify(lines));
    assertEquals(6000, f.index(), f.reason());
    assertTrue(f.reason().contains("longer than"), f.reason());
  }

  @Test
  void aReadErrorLaterOnDoesNotHideABrokenEntryBeforeIt() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (byte[] l : breakEntry(LINES, 10)) {
      bytes.write(l);
      bytes.write('\n');
    }
    int cut = bytes.size() / 2; // the stream fails halfway, in a later batch than entry 10
    java.io.InputStream failing = new java.io.FilterInputStream(new ByteArrayInputStream(bytes.toByteArray())) {
      private int read;

      @Override
      public int read(byte[] b, int off, int len) throws java.io.IOException {
        if (read >= cut) {
          throw new java.io.IOException("connection reset");
        }
        int n = super.read(b, off, Math.min(len, cut - read));
        read += Math.max(n, 0);
        return n;
      }
    };
    LogVerifier.Failure f = assertInstanceOf(LogVerifier.Failure.class, new LogVerifier(KEY.verifier()).verify(failing));
    assertEquals(10, f.index(), f.reason());
  }
}
