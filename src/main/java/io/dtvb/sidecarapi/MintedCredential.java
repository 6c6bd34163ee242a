package io.dtvb.sidecarapi;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * The answer to a mint: the token's id (safe to log), its secret (the only moment it exists
 * outside Dynatrace) and Dynatrace's resolved expiry. {@link #toString()} redacts the secret.
 */
public record MintedCredential(
    @JsonProperty("token_id") String tokenId,
    @JsonProperty("token") String token,
    @JsonProperty("expiration_date") Instant expiration) {

  @Override
  public String toString() {
    return "MintedCredential[tokenId=" + tokenId + ", token=" + Redaction.MARK + ", expiration=" + expiration + "]";
  }
}
