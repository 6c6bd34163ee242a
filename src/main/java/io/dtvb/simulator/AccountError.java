package io.dtvb.simulator;

import io.vertx.core.json.JsonObject;

/**
 * An Account Management API failure, rendered as {@code {"error": true, "message": "...",
 * "payload": null}} (a boolean {@code error}; field-reported). Dynatrace's texts are not a contract;
 * the ones here are the observed ones where known ("Invalid scopes", "Problem with json mapping.")
 * and inferred otherwise.
 */
final class AccountError extends RuntimeException {
  private final int status;

  AccountError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  static AccountError badRequest(String message) {
    return new AccountError(400, message);
  }

  static AccountError notFound(String message) {
    return new AccountError(404, message);
  }

  int status() {
    return status;
  }

  JsonObject toJson() {
    return body(getMessage());
  }

  /** The envelope for {@code message}. */
  static JsonObject body(String message) {
    return new JsonObject().put("error", true).put("message", message).putNull("payload");
  }
}
