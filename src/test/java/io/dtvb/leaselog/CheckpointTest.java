package io.dtvb.leaselog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Checkpoints are C2SP tlog-checkpoint bodies in C2SP signed notes with Ed25519 keys. */
class CheckpointTest {
  static final String ORIGIN = LeaseLog.origin("test");
  static final LogKey KEY = LogKey.generate(ORIGIN);
  static final byte[] ROOT = MerkleHashes.leaf("x".getBytes(StandardCharsets.UTF_8));
  static final Checkpoint CP = new Checkpoint(ORIGIN, 42, ROOT);

  @Test
  void bodyIsOriginSizeAndBase64Root() {
    assertEquals(ORIGIN + "\n42\n" + Base64.getEncoder().encodeToString(ROOT) + "\n", CP.body());
  }

  @Test
  void signedNoteIsBodyBlankLineAndOneEmDashSignatureLine() throws Exception {
    String note = CP.sign(KEY);
    String[] parts = note.split("\n\n", -1);
    assertEquals(2, parts.length);
    assertEquals(CP.body(), parts[0] + "\n");
    String sigLine = parts[1];
    assertTrue(sigLine.startsWith("\u2014 " + ORIGIN + " "), sigLine);
    assertTrue(sigLine.endsWith("\n"));
    byte[] sig = Base64.getDecoder().decode(sigLine.substring(("\u2014 " + ORIGIN + " ").length()).strip());
    assertEquals(68, sig.length);
    assertArrayEquals(independentKeyId(ORIGIN, KEY.verifier().publicKey()), Arrays.copyOf(sig, 4));
    assertTrue(KEY.verifier().verify(CP.body().getBytes(StandardCharsets.UTF_8), Arrays.copyOfRange(sig, 4, 68)));
    assertEquals(CP, Checkpoint.open(note, KEY.verifier()));
  }

  static byte[] independentKeyId(String name, byte[] publicKey) throws Exception {
    byte[] msg = new byte[name.length() + 2 + 32];
    System.arraycopy(name.getBytes(StandardCharsets.UTF_8), 0, msg, 0, name.length());
    msg[name.length()] = '\n';
    msg[name.length() + 1] = 1;
    System.arraycopy(publicKey, 0, msg, name.length() + 2, 32);
    return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(msg), 4);
  }

  @Test
  void verifierKeyStringRoundTripsAndNamesTheKeyId() throws Exception {
    VerifierKey v = KEY.verifier();
    String s = v.encoded();
    String[] parts = s.split("\\+", 3);
    assertEquals(ORIGIN, parts[0]);
    assertEquals(HexFormat.of().formatHex(independentKeyId(ORIGIN, v.publicKey())), parts[1]);
    byte[] typed = Base64.getDecoder().decode(parts[2]);
    assertEquals(1, typed[0]);
    assertEquals(v, VerifierKey.parse(s));
  }

  @Test
  void verifierKeysWhoseBase64HoldsPlusSignsRoundTrip() throws Exception {
    int withPlus = 0;
    for (int i = 0; i < 64; i++) {
      VerifierKey v = LogKey.generate(ORIGIN).verifier();
      withPlus += v.encoded().split("\\+", 3)[2].contains("+") ? 1 : 0;
      assertEquals(v, VerifierKey.parse(v.encoded()));
    }
    assertTrue(withPlus > 0, "some of 64 random keys have a '+' in their base64");
  }

  @Test
  void verifierKeyWithAWrongKeyIdIsRefused() {
    String[] parts = KEY.verifier().encoded().split("\\+", 3);
    assertThrows(LogFormatException.class, () -> VerifierKey.parse(parts[0] + "+00000000+" + parts[2]));
    assertThrows(LogFormatException.class, () -> VerifierKey.parse("other+" + parts[1] + "+" + parts[2]));
    assertThrows(LogFormatException.class, () -> VerifierKey.parse("garbage"));
  }

  @Test
  void alteredSizeOrRootBreaksTheSignature() {
    String note = CP.sign(KEY);
    String alteredSize = note.replace("\n42\n", "\n43\n");
    String alteredRoot = note.replace(Base64.getEncoder().encodeToString(ROOT),
        Base64.getEncoder().encodeToString(MerkleHashes.emptyRoot()));
    assertTrue(!alteredSize.equals(note) && !alteredRoot.equals(note));
    assertThrows(LogFormatException.class, () -> Checkpoint.open(alteredSize, KEY.verifier()));
    assertThrows(LogFormatException.class, () -> Checkpoint.open(alteredRoot, KEY.verifier()));
  }

  @Test
  void aNoteSignedByAnotherKeyOfTheSameNameIsRefused() {
    String forged = CP.sign(LogKey.generate(ORIGIN));
    LogFormatException e = assertThrows(LogFormatException.class, () -> Checkpoint.open(forged, KEY.verifier()));
    assertTrue(e.getMessage().contains("no signature by key"), e.getMessage());
  }

  @Test
  void foreignSignaturesAreIgnoredWhenOursVerifies() throws Exception {
    String witnessed = CP.sign(KEY) + SignedNote.sign(CP.body(), LogKey.generate("witness")).split("\n\n")[1];
    assertEquals(CP, Checkpoint.open(witnessed, KEY.verifier()));
  }

  @Test
  void malformedBodiesAreRefused() {
    for (String body : new String[] {"o\n42\n", "o\n042\n" + b64() + "\n", "o\n-1\n" + b64() + "\n",
        "o\n42\nnot-base64!\n", "o\n42\n" + b64(), "o\n99999999999999999999\n" + b64() + "\n"}) {
      assertThrows(LogFormatException.class, () -> Checkpoint.parseBody(body), body);
    }
  }

  static String b64() {
    return Base64.getEncoder().encodeToString(ROOT);
  }
}
