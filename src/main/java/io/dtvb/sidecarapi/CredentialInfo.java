package io.dtvb.sidecarapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * What a live check of the minter credential learned from Dynatrace (the answer to
 * {@code verify}): in api_token mode the token's id, name, owner, scopes and dates; in oauth mode
 * the client id; in every mode how many tokens the credential can see; with an account side its
 * check ({@link AccountInfo}); and {@code classic_token_creation=disabled} once the environment
 * refused a classic create as a Phase 3 environment does. Never the secret.
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
    @JsonProperty("note") String note,
    @JsonProperty("account") AccountInfo account,
    @JsonProperty("classic_token_creation") String classicTokenCreation) {

  /** What {@code classic_token_creation} says once Dynatrace refused a classic create as a Phase 3 environment. */
  public static final String CLASSIC_CREATION_DISABLED = "disabled";

  public CredentialInfo {
    scopes = scopes == null ? null : List.copyOf(scopes);
  }

  /** A check of the classic minter alone. */
  public CredentialInfo(String authMode, String tokenId, String name, String owner, List<String> scopes,
      Instant creationDate, Instant expirationDate, String clientId, Integer tokensVisible, String note) {
    this(authMode, tokenId, name, owner, scopes, creationDate, expirationDate, clientId, tokensVisible, note, null,
        null);
  }

  /** This answer with the account side's check and the classic-creation state added. */
  public CredentialInfo with(AccountInfo accountInfo, String classicCreation) {
    return new CredentialInfo(authMode, tokenId, name, owner, scopes, creationDate, expirationDate, clientId,
        tokensVisible, note, accountInfo, classicCreation);
  }
}
