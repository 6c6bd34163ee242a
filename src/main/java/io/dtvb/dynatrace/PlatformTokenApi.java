package io.dtvb.dynatrace;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;

/**
 * Dynatrace platform tokens ({@code dt0s16.…}) through the Account Management API, as the sidecar uses
 * them; one instance per {@link AccountConnection}.
 *
 * <p>Endpoints, all under {@code {accountApiUrl}/iam/v1/accounts/{uuid}} [documented]: {@code POST
 * /platform-tokens}, {@code GET /platform-tokens}, {@code DELETE /platform-tokens/{id}}, {@code PUT
 * /platform-tokens/{id}/expiration-date}, {@code GET /limits}. There is no GET of one token and no
 * rotation endpoint [documented by omission]. Revocation may take minutes to propagate [documented
 * for disabling; inferred for delete].
 *
 * <p>Failed futures carry a {@link DynatraceException} that says whether a retry could help, as with
 * {@link DynatraceTokenApi}; Dynatrace's message ({@code {"error":true,"message":…}}) is in it.
 */
public interface PlatformTokenApi {

  /**
   * Creates a token; the only time its secret is returned. Answers {@code {name, tokenId, token}} with
   * 200 [documented] or 201 [field-reported clients accept it]. The result's expiration date is the one
   * sent. Not retried once the request may have reached Dynatrace (it is not idempotent).
   */
  Future<MintedToken> create(PlatformTokenCreate request);

  /**
   * Deletes a token by id (a full secret is cut to its id first, so it never reaches a URL); any 2xx
   * completes with {@link DeleteOutcome#DELETED}, a 404 with {@link DeleteOutcome#ALREADY_GONE}.
   */
  Future<DeleteOutcome> delete(String tokenId);

  /**
   * Moves a token's expiration date (lease renewal); any 2xx succeeds [documented 200]; an unknown
   * token fails non-retryably with status 404.
   */
  Future<Void> setExpiration(String tokenId, Instant expirationDate);

  /**
   * Every token matching {@code searchTerm} (which Dynatrace matches against tokenId, name, createdBy
   * and scope [documented]; null or blank = all), following pages to the end. Filter the result
   * exactly: the search is not.
   */
  Future<List<PlatformTokenInfo>> list(String searchTerm);

  /** The account's limits, e.g. the per-owner platform-token cap and how much of it is used. */
  Future<List<AccountLimit>> limits();

  /**
   * The {@code sub} claim of the current SSO bearer when the bearer is a JWT (read without
   * verification: it came from SSO over TLS), else null. Tokens created without a {@code userUuid}
   * belong to this user [field-reported]; dtctl fills {@code userUuid} from it [field-reported].
   */
  Future<String> subjectUserUuid();

  /** Releases connections and the cached bearer; calls in flight finish first. */
  Future<Void> close();
}
