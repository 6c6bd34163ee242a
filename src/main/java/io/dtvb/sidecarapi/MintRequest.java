package io.dtvb.sidecarapi;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * The body of {@code POST /v1/connections/{id}/tokens}: a unique token name, its scopes, its
 * Dynatrace expiry, whether it is a personal access token (classic only), the lease it is minted
 * for, and (platform tokens) the service user who owns it. The kind of token is the lease's
 * {@link LeaseContext#tokenType()}: a classic token's expiry is fixed at mint; a platform token's
 * expiry follows the lease (renewals move it, see {@link TokenAction#expirationDate()}).
 */
public record MintRequest(
    @JsonProperty("name") String name,
    @JsonProperty("scopes") List<String> scopes,
    @JsonProperty("expiration_date") Instant expirationDate,
    @JsonProperty("personal_access_token") boolean personalAccessToken,
    @JsonProperty("lease") LeaseContext lease,
    @JsonProperty("service_user") String serviceUser) {

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
    serviceUser = serviceUser == null || serviceUser.isBlank() ? null : serviceUser;
    if (serviceUser != null && lease.type() != TokenType.PLATFORM) {
      throw new InvalidMessage("service_user", "is only for platform tokens (lease.token_type=platform)");
    }
    if (personalAccessToken && lease.type() == TokenType.PLATFORM) {
      throw new InvalidMessage("personal_access_token", "is only for classic tokens");
    }
  }

  /** A classic mint (no service user). */
  public MintRequest(String name, List<String> scopes, Instant expirationDate, boolean personalAccessToken,
      LeaseContext lease) {
    this(name, scopes, expirationDate, personalAccessToken, lease, null);
  }

  /** The kind of token to mint (the lease's). */
  public TokenType tokenType() {
    return lease.type();
  }
}
