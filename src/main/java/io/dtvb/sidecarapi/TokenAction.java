package io.dtvb.sidecarapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of every call that acts on one existing token (revoke, sweep, retire, renewed): the
 * lease context to record and a human reason. It names no event: the sidecar decides what the
 * lease log records from the operation and what Dynatrace answered.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenAction(
    @JsonProperty("lease") LeaseContext lease,
    @JsonProperty("reason") String reason) {

  public TokenAction {
    lease = lease == null ? LeaseContext.ofName(null, null, null) : lease;
  }
}
