package io.dtvb.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Generates Dynatrace-shaped identifiers and secrets at run time, and hashes secrets for storage. */
final class TokenSecrets {
  /** Prefix of classic access tokens. */
  static final String TOKEN_PREFIX = "dt0c01";
  /** Prefix of OAuth clients created in Account Management. */
  static final String CLIENT_PREFIX = "dt0s02";
  /** Prefix of platform tokens. */
  static final String PLATFORM_TOKEN_PREFIX = "dt0s16";
  private static final String UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private TokenSecrets() {}

  /** A classic token: {@code dt0c01.<24 public>.<64 secret>}. */
  static String newAccessToken() {
    return TOKEN_PREFIX + "." + upperAlnum(24) + "." + upperAlnum(64);
  }

  /** A platform token: {@code dt0s16.<8 public>.<64 secret>}. */
  static String newPlatformToken() {
    return PLATFORM_TOKEN_PREFIX + "." + upperAlnum(8) + "." + upperAlnum(64);
  }

  /** The token id: the first two dot-separated parts of a secret. */
  static String idOf(String secret) {
    int second = secret.indexOf('.', secret.indexOf('.') + 1);
    return second < 0 ? secret : secret.substring(0, second);
  }

  /** Whether the text has the full three-part classic token shape. */
  static boolean looksLikeSecret(String text) {
    return text != null && text.matches("dt0[a-zA-Z][0-9]{2}\\.[A-Z0-9]{24}\\.[A-Z0-9]{64}");
  }

  static String newClientId() {
    return CLIENT_PREFIX + "." + upperAlnum(8);
  }

  static String newClientSecret(String clientId) {
    return clientId + "." + upperAlnum(64);
  }

  /** A Dynatrace-style environment id: three lowercase letters and five digits. */
  static String newEnvironmentId() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      b.append((char) ('a' + RANDOM.nextInt(26)));
    }
    for (int i = 0; i < 5; i++) {
      b.append((char) ('0' + RANDOM.nextInt(10)));
    }
    return b.toString();
  }

  /** A JWT-shaped opaque string (header.payload.signature, base64url); only the simulator reads it. */
  static String newJwt(String payloadJson) {
    Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
    String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"simulator\"}";
    byte[] sig = new byte[64];
    RANDOM.nextBytes(sig);
    return enc.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
        + enc.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + "."
        + enc.encodeToString(sig);
  }

  /** SHA-256 of a secret, hex; the store keeps only this. */
  static String hash(String secret) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Constant-time comparison of two secrets. */
  static boolean sameSecret(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private static String upperAlnum(int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(UPPER_ALNUM.charAt(RANDOM.nextInt(UPPER_ALNUM.length())));
    }
    return b.toString();
  }
}
