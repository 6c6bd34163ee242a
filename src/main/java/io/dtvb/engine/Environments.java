package io.dtvb.engine;

import java.util.Locale;

/** When two environment URLs name the same Dynatrace environment (case of scheme and host, trailing slashes). */
final class Environments {
  private Environments() {}

  static boolean same(String a, String b) {
    return a != null && b != null && normal(a).equals(normal(b));
  }

  /** The URL without trailing slashes, scheme and host lowercased. */
  static String normal(String url) {
    String u = url.strip().replaceAll("/+$", "");
    int hostEnd = u.indexOf('/', u.indexOf("://") + 3);
    return hostEnd < 0 ? u.toLowerCase(Locale.ROOT) : u.substring(0, hostEnd).toLowerCase(Locale.ROOT) + u.substring(hostEnd);
  }
}
