package io.dtvb.engine;

import java.util.Map;

/**
 * The engine's only way to cause side effects in Dynatrace: a synchronous view of the sidecar.
 *
 * <p>Methods are called from Vault request threads, so blocking is fine, but every call must be
 * bounded by a timeout (Vault gives a revoke 90 s in total). The engine passes the connection
 * settings with every call so an implementation can push the connection again when the sidecar
 * has forgotten it; an implementation that does not do so throws
 * {@link UpstreamException.Kind#UNKNOWN_CONNECTION} and the engine pushes once and retries.
 */
public interface TokenBroker extends AutoCloseable {

  /** Tells the sidecar how to reach Dynatrace as the minter under this connection id. */
  void putConnection(String connectionId, ConnectionSettings settings) throws UpstreamException;

  /**
   * Checks the minter credential with a live call through the sidecar and answers what Dynatrace
   * reports about it (owner, scopes, expiry); a refused credential is {@link UpstreamException.Kind#REJECTED}.
   */
  Map<String, Object> verify(String connectionId, ConnectionSettings settings) throws UpstreamException;

  /** Creates one token; the only moment its secret exists outside Dynatrace. */
  MintedCredential mint(String connectionId, ConnectionSettings settings, MintOrder order)
      throws UpstreamException;

  /**
   * Deletes one token by id; a token Dynatrace no longer knows is {@link RevokeResult#ALREADY_GONE}.
   * The audit context goes into the sidecar's lease log with the outcome.
   */
  RevokeResult revoke(String connectionId, ConnectionSettings settings, String tokenId, AuditContext audit)
      throws UpstreamException;

  /** Tells the sidecar's lease log that a lease was renewed (no Dynatrace call). */
  void renewed(String connectionId, ConnectionSettings settings, String tokenId, AuditContext audit)
      throws UpstreamException;

  /**
   * Deletes every token with exactly this name (names are unique per mint, so at most one) and
   * answers how many were deleted: the rollback path for a mint whose lease never reached Vault.
   */
  int revokeByName(String connectionId, ConnectionSettings settings, String tokenName, AuditContext audit)
      throws UpstreamException;

  /**
   * Lists the tokens (id, name, expiry; never values) whose names start with {@code namePrefix}
   * among those the minter could have created: tidy's view of one mount's tokens.
   */
  java.util.List<UpstreamToken> listByPrefix(String connectionId, ConnectionSettings settings, String namePrefix)
      throws UpstreamException;

  /**
   * Reads the sidecar's lease log: {@code what} is one of checkpoint, entries, inclusion,
   * consistency, export, public-key; the query holds its parameters. Answers the sidecar's JSON.
   */
  Map<String, Object> leaseLog(String what, Map<String, String> query) throws UpstreamException;

  /** Releases connections; the engine calls it when the endpoint changes or the mount goes away. */
  @Override
  default void close() {}
}
