package io.dtvb.sidecarapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A token as Dynatrace lists it: id, name, creation and expiry (null: never expires), and whether
 * it is a classic or a platform token; never its value.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ListedToken(
    @JsonProperty("token_id") String tokenId,
    @JsonProperty("name") String name,
    @JsonProperty("creation_date") Instant creationDate,
    @JsonProperty("expiration_date") Instant expirationDate,
    @JsonProperty("token_type") TokenType tokenType) {

  /** A classic token as listed. */
  public ListedToken(String tokenId, String name, Instant creationDate, Instant expirationDate) {
    this(tokenId, name, creationDate, expirationDate, TokenType.CLASSIC);
  }

  /** The token's type (unset means classic). */
  public TokenType type() {
    return TokenType.orClassic(tokenType);
  }

  /** True when the token is past its expiry at {@code now} (platform tokens stay listed until deleted). */
  public boolean expiredAt(Instant now) {
    return expirationDate != null && !now.isBefore(expirationDate);
  }
}
