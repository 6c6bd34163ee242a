package io.dtvb.sidecarapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * What a live check of the minter credential learned from Dynatrace (the answer to
 * {@code verify}): in api_token mode the token's id, name, owner, scopes and dates; in oauth mode
 * the client id; in every mode how many tokens the credential can see. Never the secret.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CredentialInfo(
    @JsonProperty("auth_mode") String authMode,
    @JsonProperty("token_id") String tokenId,
    @JsonProperty("name") String name,
    @JsonProperty("owner") String owner,
    @JsonProperty("scopes") List<String> scopes,
    @JsonProperty("creation_date") Instant creationDate,
    @JsonProperty("expiration_date") Instant expirationDate,
    @JsonProperty("client_id") String clientId,
    @JsonProperty("tokens_visible") Integer tokensVisible,
    @JsonProperty("note") String note) {

  public CredentialInfo {
    scopes = scopes == null ? null : List.copyOf(scopes);
  }
}
