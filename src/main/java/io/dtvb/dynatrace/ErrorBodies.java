package io.dtvb.dynatrace;

import io.dtvb.sidecarapi.Redaction;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The useful part of an error body, for exception messages: never a credential (every result goes
 * through {@link Redaction#scrub}), never a control character, at most {@link #MAX_TEXT} characters
 * of free text.
 *
 * <p>Shapes understood:
 * <ul>
 *   <li>environment API: {@code {"error":{"code","message","constraintViolations":[{path,message}]}}} [documented];
 *   <li>Account Management API: {@code {"error":true,"message":"…","payload":null}} [field-reported];
 *   <li>SSO, RFC 6749: {@code {"error":"invalid_request","error_description":"…"}}, the description often
 *       empty [documented shape; empty description field-reported];
 *   <li>SSO envelope {@code {"errorCode":400,"message":"Bad Request","issueId":"…"}} [field-reported];
 *   <li>anything else, e.g. bare text or an HTML page from a proxy: its first characters.
 * </ul>
 */
final class ErrorBodies {
  /** How much free text of a body a message carries. */
  static final int MAX_TEXT = 200;

  private ErrorBodies() {}

  /** Detail of an environment or Account Management API error body; empty when there is nothing useful. */
  static String apiDetail(Buffer body) {
    if (body == null || body.length() == 0) {
      return "";
    }
    JsonObject o = object(body);
    if (o == null) {
      return text(body.toString(), List.of());
    }
    if (o.getValue("error") instanceof JsonObject error) {
      return Redaction.scrub(classic(error));
    }
    return o.getValue("message") instanceof String message ? text(message, List.of()) : "";
  }

  /** Detail of an SSO token-endpoint error body, scrubbed of {@code secrets} too; empty when there is nothing. */
  static String ssoDetail(Buffer body, Iterable<String> secrets) {
    if (body == null || body.length() == 0) {
      return "";
    }
    JsonObject o = object(body);
    if (o == null) {
      return text(body.toString(), secrets);
    }
    String error = string(o, "error");
    String description = string(o, "error_description");
    if (!error.isEmpty() || !description.isEmpty()) {
      String both = error.isEmpty() ? description : description.isEmpty() ? error : error + ": " + description;
      return text(both, secrets);
    }
    String message = string(o, "message");
    String issue = string(o, "issueId");
    if (!message.isEmpty() || !issue.isEmpty()) {
      String both = issue.isEmpty() ? message
          : message.isEmpty() ? "issueId " + issue : message + " (issueId " + issue + ")";
      return text(both, secrets);
    }
    return text(body.toString(), secrets);
  }

  /**
   * Free text made safe for a message: control characters become spaces, runs of blanks one space,
   * credential-shaped values and {@code secrets} are scrubbed, then it is cut to {@link #MAX_TEXT}.
   */
  static String text(String raw, Iterable<String> secrets) {
    if (raw == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      b.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c);
    }
    String clean = Redaction.scrub(b.toString().replaceAll("\\s+", " ").trim(), secrets);
    return clean.length() <= MAX_TEXT ? clean : clean.substring(0, MAX_TEXT);
  }

  private static String classic(JsonObject error) {
    StringBuilder b = new StringBuilder(text(String.valueOf(error.getValue("message", "")), List.of()));
    Object raw = error.getValue("constraintViolations");
    if (raw instanceof JsonArray violations && !violations.isEmpty()) {
      List<String> parts = new ArrayList<>();
      for (Object v : violations) {
        if (v instanceof JsonObject cv) {
          String path = cv.getValue("path") == null ? "" : cv.getValue("path") + ": ";
          parts.add(path + cv.getValue("message", ""));
        }
      }
      b.append(" [").append(String.join("; ", parts)).append(']');
    }
    return b.toString().trim();
  }

  private static JsonObject object(Buffer body) {
    try {
      String s = body.toString().trim();
      return s.startsWith("{") ? new JsonObject(s) : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String string(JsonObject o, String field) {
    Object v = o.getValue(field);
    return v == null || v instanceof Boolean ? "" : String.valueOf(v).trim();
  }
}
