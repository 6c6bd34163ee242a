package io.dtvb.sidecarapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * The body of every call that acts on one existing token (revoke, sweep, retire, renewed): the
 * lease context to record and a human reason. It names no event: the sidecar decides what the
 * lease log records from the operation and what Dynatrace answered. On {@code renewed} of a
 * platform token, {@code expiration_date} is the token's new Dynatrace expiry: the sidecar moves
 * it first and records the renewal only if Dynatrace took it (a classic token's expiry is fixed,
 * so the field is refused there).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenAction(
    @JsonProperty("lease") LeaseContext lease,
    @JsonProperty("reason") String reason,
    @JsonProperty("expiration_date") Instant expirationDate) {

  public TokenAction {
    lease = lease == null ? LeaseContext.ofName(null, null, null) : lease;
  }

  /** An action that moves no expiry. */
  public TokenAction(LeaseContext lease, String reason) {
    this(lease, reason, null);
  }
}
