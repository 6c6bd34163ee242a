package io.dtvb.sidecarapi;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that knows what a credential looks like: Dynatrace classic and platform tokens and
 * OAuth client secrets ({@code dt0x00.<public>.<secret>}), bearer JWTs, PEM private keys and
 * credential-carrying header or form values. Every error text that may carry an upstream or
 * library message goes through {@link #scrub} before it is logged, returned or recorded.
 */
public final class Redaction {
  /** Replaces whatever was removed. */
  public static final String MARK = "<redacted>";

  private static final Pattern DT_TOKEN = Pattern.compile("\\b(dt0[a-z][0-9]{2}\\.[A-Za-z0-9]+)\\.[A-Za-z0-9]{8,}");
  private static final Pattern JWT = Pattern.compile("\\beyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*");
  private static final Pattern PEM_KEY = Pattern.compile(
      "-----BEGIN ([A-Z ]*)PRIVATE KEY-----.*?(-----END \\1PRIVATE KEY-----|\\z)", Pattern.DOTALL);
  private static final Pattern AUTH_VALUE = Pattern.compile("(?i)\\b(Api-Token|Bearer|Basic)\\s+[^\\s,;\"']+");
  /** {@code client_secret=…} in a form or query, or {@code "client_secret": "…"} in JSON. */
  private static final Pattern FORM_SECRET = Pattern.compile(
      "(?i)\\b(client_secret|password|api_token|platform_token)(=|\"\\s*:\\s*\")[^\\s&,;\"']+");

  private Redaction() {}

  /** The text with every credential-shaped value replaced; null stays null. */
  public static String scrub(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = PEM_KEY.matcher(text).replaceAll(Matcher.quoteReplacement(MARK));
    out = DT_TOKEN.matcher(out).replaceAll("$1." + Matcher.quoteReplacement(MARK));
    out = JWT.matcher(out).replaceAll(Matcher.quoteReplacement(MARK));
    out = AUTH_VALUE.matcher(out).replaceAll("$1 " + Matcher.quoteReplacement(MARK));
    out = FORM_SECRET.matcher(out).replaceAll("$1$2" + Matcher.quoteReplacement(MARK));
    return out;
  }

  /**
   * The text scrubbed of credential shapes and of each of the given secret values wherever they
   * occur (a value of any shape, e.g. a malformed credential a library echoed back).
   */
  public static String scrub(String text, Iterable<String> secrets) {
    String out = text;
    if (out != null) {
      for (String s : secrets) {
        if (s != null && s.length() >= 4) {
          out = out.replace(s, MARK);
        }
      }
    }
    return scrub(out);
  }

  /** True when the value holds something shaped like a credential. */
  public static boolean looksSecret(String value) {
    return value != null && !value.isEmpty() && !scrub(value).equals(value);
  }

  /** True when the value holds a control character (CR, LF, NUL, …): never valid in a credential or URL. */
  public static boolean hasControlCharacter(String value) {
    if (value == null) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        return true;
      }
    }
    return false;
  }
}
