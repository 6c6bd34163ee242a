package io.dtvb.leaselog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaseLogTest {
  @TempDir Path dir;

  @Test
  void appendedEventsComeBackWithTheirIndexAndPrevRoot() throws Exception {
    String origin = LeaseLog.origin("t1");
    try (FileLogStore store = FileLogStore.open(dir.resolve("data"))) {
      LeaseLog log = new LeaseLog(store, LogKey.loadOrCreate(dir.resolve("keys"), origin), origin);
      for (int i = 0; i < 5; i++) {
        assertEquals(i, log.append(Events.sample(i)));
      }
      List<LogEntry> entries = log.entries(0, 5);
      CompactRange range = new CompactRange();
      for (int i = 0; i < 5; i++) {
        assertEquals(Events.sample(i), entries.get(i).event());
        assertEquals(i, entries.get(i).index());
        assertArrayEquals(range.root(), entries.get(i).prevRoot());
        range.append(MerkleHashes.leaf(entries.get(i).encode()));
      }
      SignedCheckpoint cp = log.checkpoint();
      assertEquals(5, cp.checkpoint().size());
      assertArrayEquals(range.root(), cp.checkpoint().root());
      assertEquals(cp.checkpoint(), Checkpoint.open(cp.note(), log.verifierKey()));
    }
  }

  @Test
  void proofsVerifyAgainstSignedCheckpoints() throws Exception {
    LogKey key = LogKey.generate(LeaseLog.origin("t2"));
    LeaseLog log = new LeaseLog(new MemoryLogStore(), key, key.name());
    List<SignedCheckpoint> checkpoints = new java.util.ArrayList<>();
    checkpoints.add(log.checkpoint());
    for (int i = 0; i < 40; i++) {
      log.append(Events.sample(i));
      checkpoints.add(log.checkpoint());
    }
    for (SignedCheckpoint older : checkpoints) {
      Checkpoint o = Checkpoint.open(older.note(), log.verifierKey());
      for (SignedCheckpoint newer : checkpoints.subList((int) o.size(), checkpoints.size())) {
        Checkpoint n = Checkpoint.open(newer.note(), log.verifierKey());
        assertTrue(MerkleProofs.verifyConsistency(o.size(), n.size(), o.root(), n.root(),
            log.consistencyProof(o.size(), n.size())), o.size() + " -> " + n.size());
      }
    }
    Checkpoint head = checkpoints.get(40).checkpoint();
    for (long i = 0; i < 40; i++) {
      byte[] leaf = MerkleHashes.leaf(log.entries(i, i + 1).get(0).encode());
      assertTrue(MerkleProofs.verifyInclusion(leaf, i, 40, log.inclusionProof(i, 40), head.root()));
    }
  }

  @Test
  void anExportVerifiesWithThePublicKey() throws Exception {
    LogKey key = LogKey.generate(LeaseLog.origin("t3"));
    LeaseLog log = new LeaseLog(new MemoryLogStore(), key, key.name());
    for (int i = 0; i < 25; i++) {
      log.append(Events.sample(i));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SignedCheckpoint cp = log.export(out);

    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(27, lines.length);
    assertEquals("{\"format\":\"dvb-lease-log-export/1\",\"origin\":\"" + key.name() + "\",\"size\":25}", lines[0]);
    assertTrue(lines[26].startsWith("{\"checkpoint\":"));
    LogVerifier.Result r = new LogVerifier(key.verifier()).verify(new ByteArrayInputStream(out.toByteArray()));
    LogVerifier.Ok ok = assertInstanceOf(LogVerifier.Ok.class, r);
    assertEquals(25, ok.size());
    assertArrayEquals(cp.checkpoint().root(), ok.root());
  }

  @Test
  void anEmptyLogExportsAndVerifies() throws Exception {
    LogKey key = LogKey.generate("empty");
    LeaseLog log = new LeaseLog(new MemoryLogStore(), key, key.name());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    log.export(out);
    LogVerifier.Ok ok = assertInstanceOf(LogVerifier.Ok.class,
        new LogVerifier(key.verifier()).verify(new ByteArrayInputStream(out.toByteArray())));
    assertEquals(0, ok.size());
    assertArrayEquals(MerkleHashes.emptyRoot(), ok.root());
  }
}
