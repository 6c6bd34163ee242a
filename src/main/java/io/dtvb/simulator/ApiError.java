package io.dtvb.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** A Dynatrace API failure rendered as the documented ErrorEnvelope. */
final class ApiError extends RuntimeException {
  /** Message Dynatrace uses when a request carries no usable credential. */
  static final String MISSING_AUTH = "Missing authorization parameter.";
  /** Message for a classic token that is unknown, disabled, expired or deleted. */
  static final String TOKEN_AUTH_FAILED = "Token Authentication failed";
  /** Documented text for 404. */
  static final String NOT_FOUND = "The requested resource doesn't exist.";

  private final int status;
  private final List<Violation> violations;

  /** One entry of {@code constraintViolations}. */
  record Violation(String path, String message, String parameterLocation) {
    JsonObject toJson() {
      return new JsonObject().put("path", path).put("message", message)
          .put("parameterLocation", parameterLocation).put("location", null);
    }
  }

  ApiError(int status, String message, List<Violation> violations) {
    super(message, null, false, false);
    this.status = status;
    this.violations = List.copyOf(violations);
  }

  ApiError(int status, String message) {
    this(status, message, List.of());
  }

  static ApiError badRequest(String message) {
    return new ApiError(400, message);
  }

  /** 400 "Constraints violated." with the given violations. */
  static ApiError constraints(List<Violation> violations) {
    return new ApiError(400, "Constraints violated.", violations);
  }

  static ApiError notFound() {
    return new ApiError(404, NOT_FOUND);
  }

  static ApiError unauthorized(String message) {
    return new ApiError(401, message);
  }

  int status() {
    return status;
  }

  /** The ErrorEnvelope body. */
  JsonObject toJson() {
    JsonObject error = new JsonObject().put("code", status).put("message", getMessage());
    if (!violations.isEmpty()) {
      JsonArray list = new JsonArray();
      violations.forEach(v -> list.add(v.toJson()));
      error.put("constraintViolations", list);
    }
    return new JsonObject().put("error", error);
  }
}
