package io.dtvb.leaselog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dtvb.testing.Seeded;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The parser's fast path for plain entries reads every input exactly as Jackson's path does: on
 * random entries and random damage to them (bytes flipped, inserted, removed, JSON tokens spliced
 * in), both paths give the same entry or fail with the same message.
 */
class EntryParserEquivalenceTest {
  private static final String[] SPLICES = {" ", "\"", "\\", "\\u0041", "0", "-1", "01", "1.0", "1e3", "null",
      "true", "[", "]", "{", "}", ",", ":", "\"\"", "99999999999999999999", "é", "\u0000", "\"x\":\"y\""};

  static Stream<Arguments> inputs() {
    return Seeded.cases(3000, Seeded.longs(Long.MIN_VALUE, Long.MAX_VALUE));
  }

  @ParameterizedTest
  @MethodSource("inputs")
  void bothPathsReadTheSameBytesTheSameWay(long seed) {
    Random r = new Random(seed);
    LogEntryEncodingParityTest.plain = r.nextInt(4) != 0;
    byte[] good = new LogEntry(LogEntryEncodingParityTest.index(r), MerkleHashes.leaf(new byte[] {(byte) seed}),
        LogEntryEncodingParityTest.event(r)).encode();
    byte[] input = r.nextInt(5) == 0 ? good : damage(good, r);
    assertEquals(outcome(input, false), outcome(input, true), new String(input, StandardCharsets.UTF_8));
  }

  private static String outcome(byte[] input, boolean plainFirst) {
    try {
      return "entry " + EntryParser.parse(input, plainFirst);
    } catch (LogFormatException e) {
      return "refused: " + e.getMessage();
    }
  }

  private static byte[] damage(byte[] good, Random r) {
    String s = new String(good, StandardCharsets.ISO_8859_1);
    int at = r.nextInt(s.length() + 1);
    String out = switch (r.nextInt(4)) {
      case 0 -> at < s.length() ? s.substring(0, at) + (char) (s.charAt(at) ^ (1 << r.nextInt(8))) + s.substring(at + 1) : s;
      case 1 -> s.substring(0, at) + (char) r.nextInt(256) + s.substring(at);
      case 2 -> at < s.length() ? s.substring(0, at) + s.substring(at + 1) : s.substring(0, Math.max(0, at - 1));
      default -> s.substring(0, at) + SPLICES[r.nextInt(SPLICES.length)] + s.substring(at);
    };
    return out.getBytes(StandardCharsets.ISO_8859_1);
  }
}
