package io.dtvb.engine;

/**
 * A failed call through a {@link SidecarConnection}, classified so each endpoint can answer Vault
 * correctly (a 400 with Dynatrace's reason, a 503, or a revoke error Vault will retry).
 */
public class UpstreamException extends Exception {

  /** What went wrong, from the engine's point of view. */
  public enum Kind {
    /** Dynatrace (or its SSO) refused the request; a retry will not help. Carries its status. */
    REJECTED,
    /** Network failure, timeout, sidecar down, 429 or 5xx: a later retry may succeed. */
    RETRYABLE,
    /** The sidecar does not know the connection id (it restarted); push the connection again. */
    UNKNOWN_CONNECTION,
    /** The sidecar refused the request itself as malformed or unusable (e.g. bad settings). */
    INVALID,
    /** The sidecar refused the caller: its identity does not own the connection, or the operator's policy forbids it. */
    FORBIDDEN
  }

  private final Kind kind;
  private final int upstreamStatus;

  /** upstreamStatus is Dynatrace's HTTP status, or 0 when there was none. */
  public UpstreamException(Kind kind, int upstreamStatus, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.upstreamStatus = upstreamStatus;
  }

  public static UpstreamException rejected(int upstreamStatus, String message) {
    return new UpstreamException(Kind.REJECTED, upstreamStatus, message, null);
  }

  public static UpstreamException retryable(String message, Throwable cause) {
    return new UpstreamException(Kind.RETRYABLE, 0, message, cause);
  }

  public static UpstreamException unknownConnection(String connectionId) {
    return new UpstreamException(
        Kind.UNKNOWN_CONNECTION, 0, "sidecar does not know connection " + connectionId, null);
  }

  /** The engine's classification of a sidecar error kind (docs/sidecar-api.md). */
  public static UpstreamException of(io.dtvb.sidecarapi.ErrorKind kind, int upstreamStatus, String message) {
    Kind k = switch (kind) {
      case UNKNOWN_CONNECTION, STALE_CONNECTION -> Kind.UNKNOWN_CONNECTION;
      case INVALID_REQUEST, NOT_FOUND -> Kind.INVALID;
      case FORBIDDEN, POLICY -> Kind.FORBIDDEN;
      case REJECTED -> Kind.REJECTED;
      case RETRYABLE, RATE_LIMITED -> Kind.RETRYABLE;
    };
    return new UpstreamException(k, upstreamStatus, message, null);
  }

  public static UpstreamException invalid(String message) {
    return new UpstreamException(Kind.INVALID, 0, message, null);
  }

  public Kind kind() {
    return kind;
  }

  public int upstreamStatus() {
    return upstreamStatus;
  }

  /** True when no retry can help: the request was refused as it stands. */
  public boolean isRefusal() {
    return kind == Kind.REJECTED || kind == Kind.INVALID || kind == Kind.FORBIDDEN;
  }

  /** The message with the upstream status, e.g. "HTTP 403: Token is missing required scope". */
  public String describe() {
    return upstreamStatus > 0 ? "HTTP " + upstreamStatus + ": " + getMessage() : getMessage();
  }
}
