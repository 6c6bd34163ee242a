package io.dtvb.leaselog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dtvb.testing.Seeded;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The streaming encoder writes exactly the bytes the TreeMap encoder wrote ({@link
 * TreeMapEncoderOracle}) for random events: any field present or absent, text with quotes,
 * backslashes, control characters, non-ASCII and characters outside the BMP, indices of every
 * magnitude. So entries written before and after the change hash and verify alike.
 */
class LogEntryEncodingParityTest {

  static Stream<Arguments> events() {
    return Seeded.cases(400, Seeded.longs(Long.MIN_VALUE, Long.MAX_VALUE));
  }

  @ParameterizedTest
  @MethodSource("events")
  void theStreamingEncoderWritesTheOracleBytes(long seed) throws Exception {
    Random r = new Random(seed);
    plain = r.nextBoolean(); // half the events have only strings the fast writer copies verbatim
    LogEntry entry = new LogEntry(index(r), MerkleHashes.leaf(new byte[] {(byte) seed}), event(r));
    byte[] expected = TreeMapEncoderOracle.encode(entry);
    assertEquals(new String(expected, StandardCharsets.UTF_8), new String(entry.encode(), StandardCharsets.UTF_8));
    assertArrayEquals(expected, LogEntry.decode(expected).encode());
  }

  static Stream<Arguments> instants() {
    return Seeded.cases(300, Seeded.longs(-400_000_000_000_000L, 400_000_000_000_000L)); // ±12,000 years in ms
  }

  @ParameterizedTest
  @MethodSource("instants")
  void entryTimesAreTheFormattersToTheByteAndParseBack(long millis) {
    Instant t = Instant.ofEpochMilli(millis);
    String formatted = LogEntry.TIME.format(t);
    assertEquals(formatted, EntryTime.format(t));
    assertEquals(t, EntryTime.parse(formatted));
  }

  @org.junit.jupiter.api.Test
  void timesOutOfRangeAreRefused() {
    for (String bad : List.of("2026-13-01T00:00:00.000Z", "2026-02-30T00:00:00.000Z", "2026-01-01T24:00:00.000Z",
        "2026-01-01T00:60:00.000Z", "2026-01-01T00:00:60.000Z")) {
      org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> EntryTime.parse(bad), bad);
    }
  }

  static long index(Random r) {
    return switch (r.nextInt(3)) {
      case 0 -> r.nextInt(1000);
      case 1 -> Math.abs(r.nextLong() >> r.nextInt(63));
      default -> Long.MAX_VALUE - r.nextInt(3);
    };
  }

  static LeaseEvent event(Random r) {
    EventType type = EventType.values()[r.nextInt(EventType.values().length)];
    List<String> scopes = new ArrayList<>();
    for (int i = r.nextInt(4); i > 0; i--) {
      scopes.add(word(r));
    }
    Map<String, String> metadata = new TreeMap<>();
    for (int i = r.nextInt(4); i > 0; i--) {
      metadata.put(word(r), word(r));
    }
    String tokenType = switch (r.nextInt(3)) {
      case 0 -> null;
      case 1 -> "classic";
      default -> "platform";
    };
    Instant time = Instant.ofEpochMilli(r.nextLong() >>> 24);
    Instant hardEnd = r.nextBoolean() ? null : time.plusMillis(r.nextInt(1 << 30));
    return new LeaseEvent(type, time, text(r), text(r), text(r), text(r), text(r), text(r), text(r), text(r),
        scopes, hardEnd, text(r), r.nextBoolean() ? 0 : r.nextInt(1000), metadata, text(r), text(r), tokenType);
  }

  /** Null, empty, or a {@link #word}. */
  private static String text(Random r) {
    int kind = r.nextInt(8);
    return kind == 0 ? null : kind == 1 ? "" : word(r);
  }

  static boolean plain;

  /** One to 13 characters: printable ASCII but quote and backslash, or a third from JSON's awkward cases. */
  private static String word(Random r) {
    if (plain) {
      StringBuilder sb = new StringBuilder();
      for (int i = r.nextInt(13); i >= 0; i--) {
        char c = (char) (0x20 + r.nextInt(0x5f));
        sb.append(c == '"' || c == '\\' ? '_' : c);
      }
      return sb.toString();
    }
    String[] pieces = {"\"", "\\", "/", "\n", "\t", "\u0000", "\u001f", "\u007f", "é", "\u2028", "\uffff",
        "😀", "a", "Z", "0", " ", "<", "&"};
    StringBuilder sb = new StringBuilder();
    for (int i = r.nextInt(12); i >= 0; i--) {
      sb.append(r.nextInt(3) == 0 ? pieces[r.nextInt(pieces.length)] : (char) ('a' + r.nextInt(26)));
    }
    return sb.toString();
  }
}
