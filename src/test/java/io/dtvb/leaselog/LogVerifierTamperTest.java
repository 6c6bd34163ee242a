package io.dtvb.leaselog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Every kind of tampering with an export is detected, at the entry it concerns. */
class LogVerifierTamperTest {
  static final int N = 30;
  static final LogKey KEY = LogKey.generate(LeaseLog.origin("tamper"));
  static final List<String> CHECKPOINTS = new ArrayList<>();
  static final List<byte[]> LINES = exportLines(KEY, N, N, CHECKPOINTS);

  static List<byte[]> exportLines(LogKey key, int sameUntil, int n) {
    return exportLines(key, sameUntil, n, new ArrayList<>());
  }

  /** Lines of an export of n sample events, the first {@code sameUntil} equal to the main log's. */
  static List<byte[]> exportLines(LogKey key, int sameUntil, int n, List<String> checkpoints) {
    try {
      LeaseLog log = new LeaseLog(new MemoryLogStore(), key, key.name());
      for (int i = 0; i < n; i++) {
        log.append(i < sameUntil ? Events.sample(i) : Events.sample(i + 1000));
        checkpoints.add(log.checkpoint().note());
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      log.export(out);
      List<byte[]> lines = new ArrayList<>();
      for (String s : out.toString(StandardCharsets.UTF_8).split("\n")) {
        lines.add(s.getBytes(StandardCharsets.UTF_8));
      }
      return lines;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static LogVerifier.Result verify(List<byte[]> lines, String trusted) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] l : lines) {
      out.write(l);
      out.write('\n');
    }
    return new LogVerifier(KEY.verifier()).verify(new ByteArrayInputStream(out.toByteArray()), trusted, n -> {});
  }

  static LogVerifier.Failure fails(List<byte[]> lines) throws Exception {
    return assertInstanceOf(LogVerifier.Failure.class, verify(lines, null));
  }

  static List<byte[]> withEntry(int k, UnaryOperator<byte[]> change) {
    List<byte[]> copy = new ArrayList<>(LINES);
    copy.set(k + 1, change.apply(LINES.get(k + 1).clone()));
    return copy;
  }

  static byte[] replace(byte[] line, String from, String to) {
    String s = new String(line, StandardCharsets.UTF_8);
    assertTrue(s.contains(from), s);
    return s.replace(from, to).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theUntouchedExportVerifies() throws Exception {
    LogVerifier.Ok ok = assertInstanceOf(LogVerifier.Ok.class, verify(LINES, null));
    assertEquals(N, ok.size());
  }

  @Test
  void aFlippedByteThatKeepsTheEntryCanonicalIsNamedByItsIndex() throws Exception {
    for (int k : new int[] {0, 1, 14, N - 2, N - 1}) {
      int entry = k;
      LogVerifier.Failure f = fails(withEntry(k, l -> replace(l, "\"reason\":\"ok", "\"reason\":\"oK")));
      assertEquals(entry, f.index(), f.reason());
    }
  }

  @Test
  void aFlippedByteThatBreaksTheEntryIsNamedByItsIndex() throws Exception {
    for (int k : new int[] {0, 7, N - 1}) {
      LogVerifier.Failure f = fails(withEntry(k, l -> {
        l[0] = '[';
        return l;
      }));
      assertEquals(k, f.index(), f.reason());
      assertTrue(f.reason().contains("invalid"), f.reason());
    }
  }

  @Test
  void everySingleByteFlipOfAnEntryIsDetectedThere() throws Exception {
    int k = 10;
    byte[] line = LINES.get(k + 1);
    String text = new String(line, StandardCharsets.UTF_8);
    int rootStart = text.indexOf("\"prev_root\":\"") + "\"prev_root\":\"".length();
    for (int at = 0; at < line.length; at++) {
      for (int bit : new int[] {0x01, 0x20, 0x80}) {
        int pos = at;
        LogVerifier.Failure f = fails(withEntry(k, l -> {
          l[pos] ^= (byte) bit;
          return l;
        }));
        if (at >= rootStart && at < rootStart + 64) {
          // an altered prev_root of entry k cannot be told apart from an altered entry k-1
          assertTrue(f.index() == k || f.index() == k - 1, at + ": " + f);
        } else {
          assertEquals(k, f.index(), "byte " + at + " ^ " + bit + ": " + f.reason());
        }
      }
    }
  }

  @Test
  void aDroppedEntryIsNamed() throws Exception {
    for (int k : new int[] {0, 5, N - 2}) {
      List<byte[]> lines = new ArrayList<>(LINES);
      lines.remove(k + 1);
      LogVerifier.Failure f = fails(lines);
      assertEquals(k, f.index(), f.reason());
      assertTrue(f.reason().contains("missing"), f.reason());
    }
    List<byte[]> lines = new ArrayList<>(LINES);
    lines.remove(N);
    LogVerifier.Failure last = fails(lines);
    assertEquals(N - 1, last.index(), last.reason());
  }

  @Test
  void swappedEntriesAreNamed() throws Exception {
    for (int k : new int[] {0, 10, N - 2}) {
      List<byte[]> lines = new ArrayList<>(LINES);
      Collections.swap(lines, k + 1, k + 2);
      LogVerifier.Failure f = fails(lines);
      assertEquals(k, f.index(), f.reason());
      assertTrue(f.reason().contains("out of order"), f.reason());
    }
  }

  @Test
  void aDuplicatedOrExtraEntryIsNamed() throws Exception {
    List<byte[]> lines = new ArrayList<>(LINES);
    lines.add(6, LINES.get(5));
    assertEquals(5, fails(lines).index());
    List<byte[]> extra = exportLines(KEY, N, N + 1);
    List<byte[]> longer = new ArrayList<>(LINES);
    longer.add(N + 1, extra.get(N + 1));
    LogVerifier.Failure f = fails(longer);
    assertEquals(N, f.index(), f.reason());
  }

  @Test
  void aCheckpointSignedByAnotherKeyIsRefused() throws Exception {
    LogKey mallory = LogKey.generate(KEY.name());
    List<byte[]> forged = new ArrayList<>(exportLines(mallory, N, N));
    LogVerifier.Failure f = fails(forged);
    assertEquals(-1, f.index());
    assertTrue(f.reason().contains("no signature by key"), f.reason());
  }

  @Test
  void aCheckpointWithAlteredSizeOrRootIsRefused() throws Exception {
    String note = CHECKPOINTS.get(N - 1);
    Checkpoint cp = Checkpoint.parseBody(note.substring(0, note.indexOf("\n\n") + 1));
    String b64 = java.util.Base64.getEncoder().encodeToString(cp.root());
    String otherRoot = java.util.Base64.getEncoder().encodeToString(MerkleHashes.emptyRoot());
    for (String forged : List.of(note.replace("\n" + N + "\n", "\n" + (N - 1) + "\n"), note.replace(b64, otherRoot))) {
      List<byte[]> lines = new ArrayList<>(LINES);
      lines.set(N + 1, checkpointLine(forged));
      LogVerifier.Failure f = fails(lines);
      assertEquals(-1, f.index());
      assertTrue(f.reason().contains("does not verify"), f.reason());
    }
  }

  @Test
  void aMissingCheckpointIsRefused() throws Exception {
    LogVerifier.Failure f = fails(LINES.subList(0, N + 1));
    assertEquals(-1, f.index());
    assertTrue(f.reason().contains("without its checkpoint"), f.reason());
  }

  @Test
  void anOlderTrustedCheckpointOfThisHistoryIsConsistent() throws Exception {
    for (int size : new int[] {1, 7, 16, N}) {
      assertInstanceOf(LogVerifier.Ok.class, verify(LINES, CHECKPOINTS.get(size - 1)));
    }
  }

  @Test
  void aTrustedCheckpointOfAForkedHistoryIsInconsistent() throws Exception {
    List<byte[]> fork = exportLines(KEY, 5, 10);
    String forkCheckpoint = new String(fork.get(11), StandardCharsets.UTF_8);
    String note = new com.fasterxml.jackson.databind.ObjectMapper().readTree(forkCheckpoint).get("checkpoint")
        .textValue();
    LogVerifier.Failure f = assertInstanceOf(LogVerifier.Failure.class, verify(LINES, note));
    assertEquals(-1, f.index());
    assertTrue(f.reason().contains("not consistent"), f.reason());
  }

  @Test
  void aTrustedCheckpointNewerThanTheExportIsRefused() throws Exception {
    List<byte[]> longer = exportLines(KEY, N + 5, N + 5);
    String note = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(new String(longer.get(N + 6), StandardCharsets.UTF_8)).get("checkpoint").textValue();
    LogVerifier.Failure f = assertInstanceOf(LogVerifier.Failure.class, verify(LINES, note));
    assertEquals(-1, f.index());
    assertTrue(f.reason().contains("newer than the export"), f.reason());
  }

  @Test
  void aForgedTrustedCheckpointIsRefused() throws Exception {
    String forged = new Checkpoint(KEY.name(), 3, MerkleHashes.emptyRoot()).sign(LogKey.generate(KEY.name()));
    LogVerifier.Failure f = assertInstanceOf(LogVerifier.Failure.class, verify(LINES, forged));
    assertEquals(-1, f.index());
    assertTrue(f.reason().startsWith("trusted checkpoint"), f.reason());
  }

  @Test
  void aTruncatedExportNamesTheEntryWhereItStops() throws Exception {
    List<byte[]> lines = new ArrayList<>(LINES.subList(0, 13));
    lines.set(12, Arrays.copyOf(lines.get(12), 40));
    LogVerifier.Failure f = fails(lines);
    assertEquals(11, f.index(), f.reason());
  }

  static byte[] checkpointLine(String note) throws Exception {
    return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(java.util.Map.of("checkpoint", note));
  }
}
