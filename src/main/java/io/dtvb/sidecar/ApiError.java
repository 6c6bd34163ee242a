package io.dtvb.sidecar;

import io.vertx.core.json.JsonObject;

/**
 * A failure the sidecar reports to the plugin, with its HTTP status and the {@code kind} that
 * tells the plugin what to do: re-push the connection, pass Dynatrace's reason on, or retry.
 */
final class ApiError extends RuntimeException {
  final int status;
  final String kind;
  final int upstreamStatus;

  ApiError(int status, String kind, int upstreamStatus, String message) {
    super(message);
    this.status = status;
    this.kind = kind;
    this.upstreamStatus = upstreamStatus;
  }

  static ApiError invalid(String message) {
    return new ApiError(400, "invalid_request", 0, message);
  }

  static ApiError notFound(String path) {
    return new ApiError(404, "not_found", 0, "no such endpoint: " + path);
  }

  static ApiError unknownConnection(String id) {
    return new ApiError(404, "unknown_connection", 0, "unknown connection \"" + id + "\"; push it again");
  }

  static ApiError rejected(int upstreamStatus, String message) {
    return new ApiError(422, "rejected", upstreamStatus, message);
  }

  static ApiError retryable(int upstreamStatus, String message) {
    return new ApiError(503, "retryable", upstreamStatus, message);
  }

  JsonObject body() {
    JsonObject error = new JsonObject().put("kind", kind).put("message", getMessage());
    if ("rejected".equals(kind) || "retryable".equals(kind)) {
      error.put("upstream_status", upstreamStatus);
    }
    return new JsonObject().put("error", error);
  }
}
