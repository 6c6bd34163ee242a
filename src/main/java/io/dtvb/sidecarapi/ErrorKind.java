package io.dtvb.sidecarapi;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a sidecar error means to the plugin, with the HTTP status the sidecar answers it with:
 * re-push the connection, pass a refusal on, or retry later.
 */
public enum ErrorKind {
  /** The sidecar does not hold this connection (it restarted): push it again. */
  UNKNOWN_CONNECTION("unknown_connection", 404),
  /** The sidecar holds other settings than the caller's fingerprint names: push them again. */
  STALE_CONNECTION("stale_connection", 409),
  /** The request is malformed; the message names the field. */
  INVALID_REQUEST("invalid_request", 400),
  /** No such endpoint or object. */
  NOT_FOUND("not_found", 404),
  /** The caller's identity does not own the connection. */
  FORBIDDEN("forbidden", 403),
  /** The operator's sidecar policy refuses the request; the message names the rule. */
  POLICY("policy", 403),
  /** Dynatrace refused the request; a retry will not help. Carries Dynatrace's status. */
  REJECTED("rejected", 422),
  /** Dynatrace, the network or the lease log is unavailable: a later retry may succeed. */
  RETRYABLE("retryable", 503),
  /** The per-connection mint rate of the policy is exceeded: retry after a moment. */
  RATE_LIMITED("rate_limited", 429);

  private final String wire;
  private final int status;

  ErrorKind(String wire, int status) {
    this.wire = wire;
    this.status = status;
  }

  @JsonValue
  public String wire() {
    return wire;
  }

  /** The HTTP status the sidecar answers with. */
  public int status() {
    return status;
  }

  /** The kind for a wire name; an unknown name is treated as retryable (a newer sidecar's kind). */
  @JsonCreator
  public static ErrorKind fromWire(String value) {
    for (ErrorKind k : values()) {
      if (k.wire.equals(value)) {
        return k;
      }
    }
    return RETRYABLE;
  }
}
