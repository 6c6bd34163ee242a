package io.dtvb.engine;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * Unique Dynatrace token names, {@code vault-<mount-slug>-<role>-<nonce>}, at most 100 characters;
 * the random nonce is never truncated, so rollback and tidy can find a token by its name.
 */
final class TokenNames {
  static final int MAX_LENGTH = 100;
  static final int NONCE_LENGTH = 8;
  private static final int MAX_SLUG = 32;
  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  private TokenNames() {}

  /** Eight random base32 characters (40 bits). */
  static String nonce(SecureRandom random) {
    char[] out = new char[NONCE_LENGTH];
    for (int i = 0; i < out.length; i++) {
      out[i] = BASE32[random.nextInt(BASE32.length)];
    }
    return new String(out);
  }

  static String name(String mountPoint, String role, String nonce) {
    String prefix = "vault-" + slug(mountPoint) + "-";
    int room = MAX_LENGTH - prefix.length() - 1 - nonce.length();
    String rolePart = role.length() > room ? role.substring(0, room) : role;
    return prefix + rolePart + "-" + nonce;
  }

  /** The mount path as lower-case letters, digits and dashes ("team-a/dynatrace/" → "team-a-dynatrace"). */
  static String slug(String mountPoint) {
    String s = (mountPoint == null ? "" : mountPoint).toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (s.length() > MAX_SLUG) {
      s = s.substring(0, MAX_SLUG).replaceAll("-+$", "");
    }
    return s.isEmpty() ? "mount" : s;
  }
}
