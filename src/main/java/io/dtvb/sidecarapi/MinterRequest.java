package io.dtvb.sidecarapi;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * The body of {@code POST /v1/connections/{id}/minter} (rotate-root): create a replacement for the
 * connection's own minter token with this unique name and expiry. The caller cannot choose its
 * scopes: the sidecar gives it exactly the current minter's scopes, within its policy.
 */
public record MinterRequest(
    @JsonProperty("name") String name,
    @JsonProperty("expiration_date") Instant expirationDate,
    @JsonProperty("lease") LeaseContext lease) {

  public MinterRequest {
    if (name == null || name.isBlank()) {
      throw new InvalidMessage("name", "must be a non-empty token name");
    }
    if (expirationDate == null) {
      throw new InvalidMessage("expiration_date", "is required (RFC 3339 UTC time)");
    }
    lease = (lease == null ? LeaseContext.ofName(null, null, name) : lease).withTokenName(name);
  }
}
