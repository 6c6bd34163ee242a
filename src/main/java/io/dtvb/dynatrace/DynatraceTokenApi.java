package io.dtvb.dynatrace;

import io.vertx.core.Future;

/**
 * Dynatrace's access-token API as the sidecar uses it; one instance per configured connection.
 *
 * <p>Failed futures carry a {@link DynatraceException} that says whether a retry could help.
 */
public interface DynatraceTokenApi {

  /** Creates a token ({@code POST /apiTokens}); the only time its secret is returned. */
  Future<MintedToken> create(TokenCreateRequest request);

  /** Deletes a token by id; a 404 from Dynatrace completes with {@link DeleteOutcome#ALREADY_GONE}. */
  Future<DeleteOutcome> delete(String tokenId);

  /** Reads a token's metadata by its secret ({@code POST /apiTokens/lookup}). */
  Future<ApiTokenInfo> lookup(String tokenSecret);

  /** Releases connections and cached credentials. */
  Future<Void> close();
}
