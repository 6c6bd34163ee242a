package io.dtvb.sidecar;

import io.dtvb.dynatrace.DynatraceException;
import io.dtvb.sidecarapi.ErrorKind;
import io.dtvb.sidecarapi.InvalidMessage;
import io.dtvb.sidecarapi.Redaction;
import io.dtvb.sidecarapi.SidecarError;

/**
 * A failure the sidecar reports to the plugin: its {@link ErrorKind} (which fixes the HTTP status)
 * and a message that is scrubbed of credential shapes when it is built.
 */
final class ApiError extends RuntimeException {
  final ErrorKind kind;
  final int upstreamStatus;

  ApiError(ErrorKind kind, int upstreamStatus, String message) {
    super(Redaction.scrub(message));
    this.kind = kind;
    this.upstreamStatus = upstreamStatus;
  }

  int status() {
    return kind.status();
  }

  static ApiError invalid(String message) {
    return new ApiError(ErrorKind.INVALID_REQUEST, 0, message);
  }

  static ApiError notFound(String path) {
    return new ApiError(ErrorKind.NOT_FOUND, 0, "no such endpoint: " + path);
  }

  static ApiError unknownConnection(String id) {
    return new ApiError(ErrorKind.UNKNOWN_CONNECTION, 0, "unknown connection \"" + id + "\"; push it again");
  }

  static ApiError stale(String id) {
    return new ApiError(ErrorKind.STALE_CONNECTION, 0,
        "the sidecar holds other settings for connection \"" + id + "\"; push them again");
  }

  static ApiError forbidden(String message) {
    return new ApiError(ErrorKind.FORBIDDEN, 0, message);
  }

  static ApiError policy(String rule, String message) {
    return new ApiError(ErrorKind.POLICY, 0, "sidecar policy rule \"" + rule + "\": " + message);
  }

  static ApiError rejected(int upstreamStatus, String message) {
    return new ApiError(ErrorKind.REJECTED, upstreamStatus, message);
  }

  static ApiError retryable(int upstreamStatus, String message) {
    return new ApiError(ErrorKind.RETRYABLE, upstreamStatus, message);
  }

  /** Any failure as the error the plugin sees; unknown failures are retryable. */
  static ApiError classify(Throwable err) {
    if (err instanceof ApiError a) {
      return a;
    }
    if (err instanceof InvalidMessage m) {
      return invalid(m.getMessage());
    }
    if (err instanceof DynatraceException d) {
      return d.retryable() ? retryable(d.status(), d.getMessage()) : rejected(d.status(), d.getMessage());
    }
    return retryable(0, "Dynatrace call failed: " + err.getMessage());
  }

  /** The envelope, with the message scrubbed again of the connection's own secrets. */
  SidecarError body(Iterable<String> secrets) {
    return SidecarError.of(kind, Redaction.scrub(getMessage(), secrets), upstreamStatus);
  }
}
