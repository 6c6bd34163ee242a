package io.dtvb.sidecarapi;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * The body of {@code POST /v1/connections/{id}/tokens}: a unique token name, its scopes, its fixed
 * Dynatrace expiry, whether it is a personal access token, and the lease it is minted for.
 */
public record MintRequest(
    @JsonProperty("name") String name,
    @JsonProperty("scopes") List<String> scopes,
    @JsonProperty("expiration_date") Instant expirationDate,
    @JsonProperty("personal_access_token") boolean personalAccessToken,
    @JsonProperty("lease") LeaseContext lease) {

  public MintRequest {
    if (name == null || name.isBlank()) {
      throw new InvalidMessage("name", "must be a non-empty token name");
    }
    if (scopes == null || scopes.isEmpty()) {
      throw new InvalidMessage("scopes", "must be a non-empty array of strings");
    }
    for (String s : scopes) {
      if (s == null || s.isBlank()) {
        throw new InvalidMessage("scopes", "must contain only non-empty strings");
      }
    }
    scopes = List.copyOf(scopes);
    if (expirationDate == null) {
      throw new InvalidMessage("expiration_date", "is required (RFC 3339 UTC time)");
    }
    lease = (lease == null ? LeaseContext.ofName(null, null, name) : lease).withTokenName(name);
  }
}
