package io.dtvb.dynatrace;

import io.vertx.core.Future;
import java.util.List;

/**
 * Dynatrace's access-token API as the sidecar uses it; one instance per configured connection.
 *
 * <p>Failed futures carry a {@link DynatraceException} that says whether a retry could help.
 */
public interface DynatraceTokenApi {

  /**
   * Creates a token ({@code POST /apiTokens}); the only time its secret is returned. A "Phase 3"
   * environment refuses with a 400 whose {@link DynatraceException#classicCreationRetired()} is true.
   */
  Future<MintedToken> create(TokenCreateRequest request);

  /** Deletes a token by id; a 404 from Dynatrace completes with {@link DeleteOutcome#ALREADY_GONE}. */
  Future<DeleteOutcome> delete(String tokenId);

  /** Reads a token's metadata by its secret ({@code POST /apiTokens/lookup}). */
  Future<ApiTokenInfo> lookup(String tokenSecret);

  /** Reads a token's metadata by id ({@code GET /apiTokens/{id}}); 404 fails with status 404. */
  default Future<ApiTokenInfo> get(String tokenId) {
    return Future.failedFuture(new UnsupportedOperationException("get"));
  }

  /**
   * Lists every token matching an {@code apiTokenSelector} (e.g. {@code owner("x")}; null = all),
   * following {@code nextPageKey} to the end, with scopes and expiration dates.
   */
  default Future<List<ApiTokenInfo>> list(String apiTokenSelector) {
    return Future.failedFuture(new UnsupportedOperationException("list"));
  }

  /**
   * A cheap read probe ({@code GET /apiTokens} with the smallest page): how many tokens the credential
   * can see. Proves the credential authenticates and holds the read scope.
   */
  default Future<Integer> count() {
    return list(null).map(List::size);
  }

  /** Releases connections and cached credentials. */
  Future<Void> close();
}
