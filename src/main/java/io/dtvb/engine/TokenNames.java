package io.dtvb.engine;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * Unique Dynatrace token names: {@code <mount prefix><rendered name_template>-<nonce>}, at most
 * 100 characters. The mount prefix ({@code vault-<8 base32 characters of the mount's UUID hash>-})
 * is fixed per mount and no other mount's prefix starts with it, so tidy can claim exactly the
 * mount's tokens; the random nonce is never truncated, so rollback can find a token by its name.
 */
final class TokenNames {
  static final int MAX_LENGTH = 100;
  static final int NONCE_LENGTH = 8;
  static final int MOUNT_ID_LENGTH = 8;
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

  /**
   * The mount's prefix, derived from its backend UUID: all prefixes have the same length and end
   * in '-', so one can be a prefix of another only if they are equal.
   */
  static String mountPrefix(String backendUuid) {
    String hex = NameTemplate.sha256Hex(backendUuid == null ? "" : backendUuid);
    StringBuilder id = new StringBuilder("vault-");
    for (int i = 0; i < MOUNT_ID_LENGTH; i++) {
      id.append(BASE32[Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16) % BASE32.length]);
    }
    return id.append('-').toString();
  }

  /**
   * The name of a minter token made by rotate-root: {@code vault-root-<mount id>-<nonce>}. Its
   * sixth to tenth characters spell "root-", so no mount prefix (8 base32 characters and then '-')
   * ever starts it and tidy never takes a minter token for an orphan.
   */
  static String rootName(String mountPrefix, String nonce) {
    String mountId = mountPrefix.substring("vault-".length(), mountPrefix.length() - 1);
    return "vault-root-" + mountId + "-" + nonce;
  }

  /** Prefix, the rendered template cut to fit, and the nonce; the template part may be empty. */
  static String name(String prefix, String rendered, String nonce) {
    int room = MAX_LENGTH - prefix.length() - 1 - nonce.length();
    String middle = rendered.length() > room ? rendered.substring(0, room) : rendered;
    middle = middle.replaceAll("[-.]+$", "");
    return middle.isEmpty() ? prefix + nonce : prefix + middle + "-" + nonce;
  }

  /** Letters, digits, '.', '_' and '-' only: any other run of characters becomes one '-'. */
  static String clean(String text) {
    return text.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[-.]+", "");
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
