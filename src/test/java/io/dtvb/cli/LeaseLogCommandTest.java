package io.dtvb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.leaselog.Checkpoint;
import io.dtvb.leaselog.CompactRange;
import io.dtvb.leaselog.EventType;
import io.dtvb.leaselog.FileLogStore;
import io.dtvb.leaselog.LeaseEvent;
import io.dtvb.leaselog.LeaseLog;
import io.dtvb.leaselog.LogEntry;
import io.dtvb.leaselog.LogKey;
import io.dtvb.leaselog.MerkleHashes;
import io.dtvb.leaselog.SignedCheckpoint;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LeaseLogCommandTest {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path dir;
  StringWriter out = new StringWriter();
  StringWriter err = new StringWriter();
  LogKey key;
  Path export;
  Path keyFile;
  String earlyCheckpoint;

  int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
  }

  static LeaseEvent event(int i) {
    return LeaseEvent.of(i % 3 == 2 ? EventType.REVOKED : EventType.MINTED, T0.plusSeconds(3600L * i))
        .withLease("dynatrace", i % 2 == 0 ? "reader" : "writer", "entity-" + (i % 2), "alice", "req-" + i)
        .withToken("dt0c01.TOKEN" + i, "vault-reader-" + i, List.of("metrics.read"), T0.plusSeconds(7200L * i))
        .withOutcome("reason " + i, 201);
  }

  @BeforeEach
  void writeAnExport() throws Exception {
    String origin = LeaseLog.origin("cli");
    key = LogKey.loadOrCreate(dir.resolve("keys"), origin);
    keyFile = dir.resolve("lease-log.pub");
    Files.writeString(keyFile, key.verifier().encoded() + "\n");
    export = dir.resolve("export.jsonl");
    try (FileLogStore store = FileLogStore.open(dir.resolve("data"))) {
      LeaseLog log = new LeaseLog(store, key, origin);
      for (int i = 0; i < 12; i++) {
        log.append(event(i));
        if (i == 3) {
          earlyCheckpoint = log.checkpoint().note();
        }
      }
      try (OutputStream o = Files.newOutputStream(export)) {
        log.export(o);
      }
    }
  }

  @Test
  void verifyPrintsOneOkLineWithSizeAndRoot() throws Exception {
    SignedCheckpoint cp;
    try (FileLogStore store = FileLogStore.open(dir.resolve("data"))) {
      cp = new LeaseLog(store, key, key.name()).checkpoint();
    }
    assertEquals(0, run("lease-log", "verify", "--export", export.toString(), "--public-key", keyFile.toString()));
    assertEquals("OK lease log verified: size=12 root=" + cp.checkpoint().rootHex() + "\n", out.toString());

    assertEquals(0, run("lease-log", "verify", "--export", export.toString(), "--public-key",
        key.verifier().encoded()));
  }

  @Test
  void verifyNamesTheFirstBadIndexAndExitsOne() throws Exception {
    List<String> lines = new ArrayList<>(Files.readAllLines(export));
    lines.remove(1 + 4);
    Files.write(export, lines);

    assertEquals(1, run("lease-log", "verify", "--export", export.toString(), "--public-key", keyFile.toString()));
    assertTrue(out.toString().startsWith("FAILED at index 4: "), out.toString());
  }

  @Test
  void verifyChecksConsistencyWithATrustedCheckpoint() throws Exception {
    Path trusted = dir.resolve("trusted.note");
    Files.writeString(trusted, earlyCheckpoint);
    assertEquals(0, run("lease-log", "verify", "--export", export.toString(), "--public-key", keyFile.toString(),
        "--trusted-checkpoint", trusted.toString()));

    Files.writeString(trusted, new Checkpoint(key.name(), 4, MerkleHashes.emptyRoot()).sign(key));
    assertEquals(1, run("lease-log", "verify", "--export", export.toString(), "--public-key", keyFile.toString(),
        "--trusted-checkpoint", trusted.toString()));
    assertTrue(out.toString().startsWith("FAILED: not consistent with the trusted checkpoint"), out.toString());
  }

  @Test
  void verifyRefusesAnotherLogsKey() {
    assertEquals(1, run("lease-log", "verify", "--export", export.toString(), "--public-key",
        LogKey.generate(key.name()).verifier().encoded()));
    assertTrue(out.toString().startsWith("FAILED: checkpoint: no signature by key"), out.toString());
  }

  @Test
  void verifyReportsProgressOnStderrForLargeExports() throws Exception {
    Path big = dir.resolve("big.jsonl");
    CompactRange range = new CompactRange();
    try (OutputStream o = Files.newOutputStream(big)) {
      o.write(("{\"format\":\"dvb-lease-log-export/1\",\"origin\":\"" + key.name() + "\",\"size\":25000}\n")
          .getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < 25_000; i++) {
        byte[] entry = new LogEntry(i, range.root(), event(i)).encode();
        range.append(MerkleHashes.leaf(entry));
        o.write(entry);
        o.write('\n');
      }
      String note = new Checkpoint(key.name(), 25_000, range.root()).sign(key);
      o.write(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(Map.of("checkpoint", note)));
      o.write('\n');
    }

    assertEquals(0, run("lease-log", "verify", "--export", big.toString(), "--public-key", keyFile.toString()));
    assertEquals("verified 10000 entries...\nverified 20000 entries...\n", err.toString());
    assertTrue(out.toString().startsWith("OK lease log verified: size=25000 "), out.toString());
  }

  @Test
  void showPrintsATableFilteredByEntityAndRole() {
    assertEquals(0, run("lease-log", "show", "--export", export.toString(), "--entity", "entity-1", "--role",
        "writer"));
    String[] lines = out.toString().split("\n");
    assertEquals(1 + 6 + 1, lines.length, out.toString());
    assertTrue(lines[0].startsWith("TIME"), lines[0]);
    assertTrue(lines[1].startsWith("2026-03-01T11:00:00.000Z  minted"), lines[1]);
    assertTrue(lines[1].contains("dt0c01.TOKEN1") && lines[1].contains("reason 1"), lines[1]);
    assertEquals("(6 events)", lines[7]);
  }

  @Test
  void showPrintsJsonLinesFilteredByTokenIdAndTime() throws Exception {
    assertEquals(0, run("lease-log", "show", "--export", export.toString(), "--json", "--token-id", "dt0c01.TOKEN5"));
    String[] lines = out.toString().split("\n");
    assertEquals(1, lines.length, out.toString());
    assertEquals(5, LogEntry.decode(lines[0].getBytes(StandardCharsets.UTF_8)).index());

    assertEquals(0, run("lease-log", "show", "--export", export.toString(), "--json",
        "--since", "2026-03-01T12:00:00Z", "--until", "2026-03-01T17:00:00+02:00"));
    List<Long> indexes = new ArrayList<>();
    for (String l : out.toString().split("\n")) {
      indexes.add(LogEntry.decode(l.getBytes(StandardCharsets.UTF_8)).index());
    }
    assertEquals(List.of(2L, 3L, 4L), indexes);
  }

  @Test
  void showRefusesAMalformedTime() {
    assertEquals(2, run("lease-log", "show", "--export", export.toString(), "--since", "yesterday"));
    assertTrue(err.toString().contains("--since must be an RFC 3339 time"), err.toString());
  }

  @Test
  void publicKeyPrintsTheVerifierKeyOfTheKeyFile() {
    assertEquals(0, run("lease-log", "public-key", "--key-dir", dir.resolve("keys").toString()));
    assertEquals(key.verifier().encoded() + "\n", out.toString());

    assertEquals(1, run("lease-log", "public-key", "--key-dir", dir.resolve("nowhere").toString()));
  }
}
