package io.dtvb.leaselog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.testing.Seeded;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LogEntryTest {
  static final byte[] ROOT = MerkleHashes.emptyRoot();

  static String encode(LeaseEvent e, long index) {
    return new String(new LogEntry(index, ROOT, e).encode(), StandardCharsets.UTF_8);
  }

  static LogEntry decode(String s) throws LogFormatException {
    return LogEntry.decode(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void encodesSortedSnakeCaseKeysWithoutWhitespaceOrEmptyFields() {
    LeaseEvent e = LeaseEvent.of(EventType.ALREADY_GONE, Instant.parse("2026-03-01T10:00:00Z"))
        .withLease("dynatrace", "ci", "ent-1", "alice", "req-9")
        .withToken("dt0c01.ABC", "vault-ci-1", List.of("a.read", "b.write"), Instant.parse("2026-03-01T11:00:00.5Z"))
        .withOutcome("404 on revoke", 404);

    assertEquals("{\"display_name\":\"alice\",\"entity_id\":\"ent-1\",\"hard_end\":\"2026-03-01T11:00:00.500Z\","
        + "\"index\":7,\"mount\":\"dynatrace\",\"prev_root\":"
        + "\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\",\"reason\":\"404 on revoke\","
        + "\"request_id\":\"req-9\",\"role\":\"ci\",\"scopes\":[\"a.read\",\"b.write\"],"
        + "\"time\":\"2026-03-01T10:00:00.000Z\",\"token_id\":\"dt0c01.ABC\",\"token_name\":\"vault-ci-1\","
        + "\"type\":\"already_gone\",\"upstream_status\":404}", encode(e, 7));
  }

  @Test
  void minimalEventHasOnlyTypeTimeIndexAndPrevRoot() {
    assertEquals("{\"index\":0,\"prev_root\":\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\","
        + "\"time\":\"2026-03-01T10:00:00.000Z\",\"type\":\"rotated_root\"}",
        encode(LeaseEvent.of(EventType.ROTATED_ROOT, Instant.parse("2026-03-01T10:00:00Z")), 0));
  }

  static Stream<Arguments> indexes() {
    return Seeded.cases(50, Seeded.ints(0, 1000));
  }

  @ParameterizedTest
  @MethodSource("indexes")
  void decodeReturnsWhatWasEncoded(int i) throws Exception {
    LogEntry entry = new LogEntry(i, MerkleHashes.leaf(new byte[] {(byte) i}), Events.sample(i));
    LogEntry back = LogEntry.decode(entry.encode());
    assertEquals(entry, back);
    assertArrayEquals(entry.encode(), back.encode());
  }

  @Test
  void everyEventTypeHasItsWireName() throws Exception {
    for (EventType t : EventType.values()) {
      LogEntry back = decode(encode(LeaseEvent.of(t, Events.T0), 1));
      assertEquals(t, back.event().type());
    }
    assertEquals(List.of("minted", "renewed", "revoked", "already_gone", "rolled_back", "swept", "mint_failed",
        "revoke_failed", "rotated_root", "refused", "renew_failed"),
        java.util.Arrays.stream(EventType.values()).map(EventType::wireName).toList());
  }

  @Test
  void refusesEquivalentButNonCanonicalJson() {
    String good = encode(Events.sample(4), 4);
    List<String> variants = List.of(
        good.replace(",", ", "),                                  // whitespace
        "{\"type\":\"swept\"," + good.substring(1).replace(",\"type\":\"swept\"", ""), // key order
        good.replace("\"index\":4", "\"index\":4.0"),             // number form
        good.replace("\"index\":4", "\"index\":04"),
        good.replace(".123Z", "Z").replace("T10:04:00", "T10:04:00"), // time form (no millis)
        good.replace("2026-03-01T10:04:00.123Z", "2026-03-01T11:04:00.123+01:00"),
        good.replace("\"prev_root\":\"e3", "\"prev_root\":\"E3"),  // hex case
        good.replace("}", ",\"index\":4}"),                        // duplicate key
        good.replace("}", ",\"secret\":\"x\"}"),                    // unknown field
        good.replace("}", ",\"upstream_status\":0}"),
        good + " ",
        good.replace("\"reason\":\"ok 4\"", "\"reason\":\"\""));   // empty value written
    for (String v : variants) {
      assertTrue(!v.equals(good), "variant differs");
      assertThrows(LogFormatException.class, () -> decode(v), v);
    }
  }

  @Test
  void refusesEveryFlippedByteOfAnEntry() {
    byte[] good = new LogEntry(3, ROOT, Events.sample(3)).encode();
    int decoded = 0;
    for (int at = 0; at < good.length; at++) {
      byte[] bad = good.clone();
      bad[at] ^= 0x20;
      try {
        LogEntry e = LogEntry.decode(bad);
        decoded++;
        assertTrue(!java.util.Arrays.equals(e.encode(), good));
      } catch (LogFormatException expected) {
        // most flips break the JSON or its canonical form
      }
    }
    assertTrue(decoded < good.length / 2, "most flips are refused outright: " + decoded);
  }

  @Test
  void refusesToCarryATokenValue() {
    // built at run time so no token-shaped literal sits in the source tree
    String secret = "dt0c01." + "ST2EY72KQINMH574WMNVI7YN" + "." + "G3DFPBEJYMODIDAEX454M7YWBUVEFOWKPRVMWF".repeat(2).substring(0, 64);
    assertThrows(IllegalArgumentException.class,
        () -> LeaseEvent.of(EventType.MINTED, Events.T0).withOutcome("minted " + secret, 201));
    assertThrows(IllegalArgumentException.class,
        () -> LeaseEvent.of(EventType.MINTED, Events.T0).withContext("prod", Map.of("token", secret)));
    LeaseEvent ok = LeaseEvent.of(EventType.MINTED, Events.T0).withToken("dt0c01.ST2EY72KQINMH574WMNVI7YN", "n",
        List.of(), null);
    assertEquals("dt0c01.ST2EY72KQINMH574WMNVI7YN", ok.tokenId());
  }

  @Test
  void keepsTimesToTheMillisecondAndEmptyStringsAsAbsent() {
    LeaseEvent e = LeaseEvent.of(EventType.SWEPT, Instant.parse("2026-03-01T10:00:00.123456789Z"))
        .withLease("", "r", null, "", "q");
    assertEquals(Instant.parse("2026-03-01T10:00:00.123Z"), e.time());
    assertEquals(null, e.mount());
    assertEquals(null, e.displayName());
  }
}
