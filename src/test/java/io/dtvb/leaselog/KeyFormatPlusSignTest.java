package io.dtvb.leaselog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Base64 keys may contain '+', the separator of the key formats: parsing must split only twice. */
class KeyFormatPlusSignTest {

  @Test
  void everyVerifierKeyParsesBackEvenWhenItsBase64HasAPlus() throws Exception {
    int withPlus = 0;
    for (int i = 0; i < 300; i++) {
      VerifierKey v = LogKey.generate("dynatrace-vault-bridge/lease-log/t").verifier();
      String encoded = v.encoded();
      if (encoded.split("\\+").length > 3) {
        withPlus++;
      }
      assertEquals(v, VerifierKey.parse(encoded));
    }
    assertEquals(true, withPlus > 0, "300 random keys should include one whose base64 has a '+'");
  }
}
