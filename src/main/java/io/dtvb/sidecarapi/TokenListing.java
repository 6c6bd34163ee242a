package io.dtvb.sidecarapi;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The answer to {@code GET /v1/connections/{id}/tokens?name_prefix=}: one mount's tokens in Dynatrace. */
public record TokenListing(@JsonProperty("tokens") List<ListedToken> tokens) {

  public TokenListing {
    tokens = tokens == null ? List.of() : List.copyOf(tokens);
  }
}
