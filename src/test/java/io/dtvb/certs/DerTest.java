package io.dtvb.certs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Known answers from X.690 and RFC 5280 for the hand-written encoder. */
class DerTest {

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  @ParameterizedTest
  @CsvSource({
    "1.2.840.10045.4.3.2, 06082a8648ce3d040302",
    "2.5.29.19, 0603551d13",
    "1.3.6.1.5.5.7.3.1, 06082b06010505070301",
    "2.999.3, 0603883703"
  })
  void objectIdentifiers(String dotted, String expected) {
    assertEquals(expected, hex(Der.oid(dotted)));
  }

  @ParameterizedTest
  @CsvSource({"0, 020100", "127, 02017f", "128, 02020080", "-1, 0201ff", "256, 02020100"})
  void integersAreMinimalTwosComplement(long value, String expected) {
    assertEquals(expected, hex(Der.integer(value)));
  }

  @ParameterizedTest
  @CsvSource({
    // digitalSignature only: one byte, 7 unused bits
    "1, 03020780",
    // digitalSignature|keyEncipherment|keyAgreement|keyCertSign (AutoMTLS): bits 0,2,4,5 -> 0xac, 2 unused
    "53, 030202ac",
    // keyCertSign|cRLSign|digitalSignature: bits 0,5,6 -> 0x86, 1 unused
    "97, 03020186",
    // decipherOnly (bit 8) needs a second byte
    "256, 0303070080",
    "0, 030100"
  })
  void namedBitStringsDropTrailingZeroBits(int bits, String expected) {
    assertEquals(expected, hex(Der.namedBits(bits)));
  }

  @Test
  void longFormLengths() {
    byte[] big = Der.octetString(new byte[300]);
    assertEquals("0482012c", hex(big).substring(0, 8));
    assertEquals(304, big.length);
    assertEquals("0481" + "80", hex(Der.octetString(new byte[128])).substring(0, 6));
  }

  @Test
  void timesSwitchToGeneralizedTimeIn2050() {
    assertEquals("170d3439313233313233353935395a",
        hex(Der.time(Instant.parse("2049-12-31T23:59:59Z"))));
    assertEquals("180f32303530303130313030303030305a",
        hex(Der.time(Instant.parse("2050-01-01T00:00:00Z"))));
  }

  @Test
  void readsBackWhatItWrote() {
    byte[] inner = Der.octetString(new byte[] {1, 2, 3});
    byte[] outer = Der.sequence(Der.integer(BigInteger.TEN), inner);
    byte[] content = Der.content(outer, 0);
    int second = Der.end(content, 0);
    assertArrayEquals(new byte[] {1, 2, 3}, Der.content(content, second));
    assertEquals(content.length, Der.end(content, second));
  }

  @Test
  void truncatedInputIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Der.content(new byte[] {0x04, 0x05, 1}, 0));
  }
}
