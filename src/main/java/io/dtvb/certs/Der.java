package io.dtvb.certs;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * The few DER (X.690) encodings an X.509 certificate needs, written by hand so that making a
 * certificate loads no ASN.1 library: the plugin makes one at every start, before its handshake.
 * Every method returns one complete TLV.
 */
final class Der {
  static final int BOOLEAN = 0x01;
  static final int INTEGER = 0x02;
  static final int BIT_STRING = 0x03;
  static final int OCTET_STRING = 0x04;
  static final int OID = 0x06;
  static final int UTF8_STRING = 0x0c;
  static final int SEQUENCE = 0x30;
  static final int SET = 0x31;

  private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
  private static final DateTimeFormatter GENERALIZED_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'");

  private Der() {}

  /** Any TLV: tag, definite length, content. */
  static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else {
      int bytes = (32 - Integer.numberOfLeadingZeros(n) + 7) / 8;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(n >>> (8 * i));
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  static byte[] sequence(byte[]... items) {
    return tlv(SEQUENCE, concat(items));
  }

  static byte[] set(byte[]... items) {
    return tlv(SET, concat(items));
  }

  static byte[] integer(BigInteger value) {
    return tlv(INTEGER, value.toByteArray()); // two's complement, minimal: what DER asks
  }

  static byte[] integer(long value) {
    return integer(BigInteger.valueOf(value));
  }

  static byte[] bool(boolean value) {
    return tlv(BOOLEAN, new byte[] {(byte) (value ? 0xff : 0x00)});
  }

  static byte[] octetString(byte[] value) {
    return tlv(OCTET_STRING, value);
  }

  /** A BIT STRING of whole bytes (no unused bits), e.g. a signature. */
  static byte[] bitString(byte[] value) {
    byte[] content = new byte[value.length + 1];
    System.arraycopy(value, 0, content, 1, value.length);
    return tlv(BIT_STRING, content);
  }

  /**
   * A named-bit BIT STRING (X.690 §11.2.2: trailing zero bits are dropped); bit {@code i} of
   * {@code bits} is the ASN.1 bit number {@code i}, counted from the first byte's top bit.
   */
  static byte[] namedBits(int bits) {
    int highest = 31 - Integer.numberOfLeadingZeros(bits);
    if (highest < 0) {
      return tlv(BIT_STRING, new byte[] {0});
    }
    int length = highest / 8 + 1;
    byte[] content = new byte[length + 1];
    content[0] = (byte) (7 - highest % 8); // unused bits in the last byte
    for (int i = 0; i <= highest; i++) {
      if ((bits & (1 << i)) != 0) {
        content[1 + i / 8] |= (byte) (0x80 >>> (i % 8));
      }
    }
    return tlv(BIT_STRING, content);
  }

  static byte[] utf8(String value) {
    return tlv(UTF8_STRING, value.getBytes(StandardCharsets.UTF_8));
  }

  /** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050; whole seconds, UTC. */
  static byte[] time(Instant instant) {
    var utc = instant.atOffset(ZoneOffset.UTC);
    return utc.getYear() < 2050
        ? tlv(0x17, utc.format(UTC_TIME).getBytes(StandardCharsets.US_ASCII))
        : tlv(0x18, utc.format(GENERALIZED_TIME).getBytes(StandardCharsets.US_ASCII));
  }

  /** An OBJECT IDENTIFIER from its dotted form. */
  static byte[] oid(String dotted) {
    String[] arcs = dotted.split("\\.");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    base128(out, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
    for (int i = 2; i < arcs.length; i++) {
      base128(out, Long.parseLong(arcs[i]));
    }
    return tlv(OID, out.toByteArray());
  }

  /** Context-specific constructed [n] wrapping complete TLVs (EXPLICIT tagging). */
  static byte[] explicit(int n, byte[]... items) {
    return tlv(0xa0 | n, concat(items));
  }

  /** Context-specific primitive [n] (IMPLICIT tagging of a primitive value). */
  static byte[] implicit(int n, byte[] content) {
    return tlv(0x80 | n, content);
  }

  /** The content of the TLV at {@code offset} (reading back what a key or an extension holds). */
  static byte[] content(byte[] der, int offset) {
    int[] h = header(der, offset);
    return Arrays.copyOfRange(der, h[0], h[0] + h[1]);
  }

  /** The offset just after the TLV at {@code offset}. */
  static int end(byte[] der, int offset) {
    int[] h = header(der, offset);
    return h[0] + h[1];
  }

  /** {content offset, content length} of the TLV at {@code offset}; definite lengths only. */
  private static int[] header(byte[] der, int offset) {
    int at = offset + 1;
    int first = der[at++] & 0xff;
    int length = first;
    if (first >= 0x80) {
      int bytes = first & 0x7f;
      if (bytes == 0 || bytes > 3) {
        throw new IllegalArgumentException("unsupported DER length");
      }
      length = 0;
      for (int i = 0; i < bytes; i++) {
        length = (length << 8) | (der[at++] & 0xff);
      }
    }
    if (at + length > der.length) {
      throw new IllegalArgumentException("truncated DER");
    }
    return new int[] {at, length};
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static void base128(ByteArrayOutputStream out, long value) {
    int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 6) / 7);
    for (int g = groups - 1; g >= 0; g--) {
      int b = (int) ((value >>> (7 * g)) & 0x7f);
      out.write(g == 0 ? b : b | 0x80);
    }
  }
}
