package io.dtvb.sidecarapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code POST /v1/connections/{id}/tokens/revoke-by-name}: deletes the token with
 * exactly this unique name (the rollback of a mint whose lease never reached Vault).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RollbackRequest(
    @JsonProperty("name") String name,
    @JsonProperty("lease") LeaseContext lease,
    @JsonProperty("reason") String reason) {

  public RollbackRequest {
    if (name == null || name.isBlank()) {
      throw new InvalidMessage("name", "must be the non-empty name of the token to roll back");
    }
    lease = (lease == null ? LeaseContext.ofName(null, null, name) : lease).withTokenName(name);
  }
}
