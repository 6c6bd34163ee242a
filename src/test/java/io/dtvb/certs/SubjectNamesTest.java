package io.dtvb.certs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SAN entries: IP literals become iPAddress, host names dNSName, anything else is refused. */
class SubjectNamesTest {

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "0.0.0.0", "255.255.255.255", "10.1.2.3", "::1", "::",
      "fe80::1", "2001:db8::8a2e:370:7334", "::ffff:192.0.2.1", "2001:0db8:0000:0000:0000:0000:0000:0001"})
  void ipLiteralsAreIpAddresses(String name) {
    assertEquals(true, SubjectNames.isIpAddress(name), name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "localhost", "sidecar.internal",
      "1::2::3", ":::", "12345::", "fe80::1%eth0", ".:1", "g::1", ""})
  void anythingElseIsNot(String name) {
    assertEquals(false, SubjectNames.isIpAddress(name), name);
  }

  @Test
  void entriesAreDerEncodedWithTheirGeneralNameTag() {
    assertEquals("87047f000001", HexFormat.of().formatHex(SubjectNames.toGeneralName("127.0.0.1")));
    assertEquals("82096c6f63616c686f7374", HexFormat.of().formatHex(SubjectNames.toGeneralName("LocalHost")));
    assertEquals(18, SubjectNames.toGeneralName("::1").length, "[7] with 16 address bytes");
  }

  @Test
  void duplicatesAreDroppedInOrder() {
    assertArrayEquals(Der.sequence(SubjectNames.toGeneralName("a.example"), SubjectNames.toGeneralName("10.0.0.1")),
        SubjectNames.toGeneralNames(List.of("a.example", "10.0.0.1", "A.example")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"bad name", "-leading.example", "under_score.example", " "})
  void otherNamesAreRefused(String name) {
    assertThrows(IllegalArgumentException.class, () -> SubjectNames.toGeneralName(name));
  }
}
