package io.dtvb.engine;

import io.dtvb.sidecarapi.ConnectionInfo;
import io.dtvb.sidecarapi.ConnectionSettings;
import io.dtvb.sidecarapi.CredentialInfo;
import io.dtvb.sidecarapi.DeleteResult;
import io.dtvb.sidecarapi.ListedToken;
import io.dtvb.sidecarapi.MintRequest;
import io.dtvb.sidecarapi.MinterRequest;
import io.dtvb.sidecarapi.MintedCredential;
import io.dtvb.sidecarapi.RollbackRequest;
import io.dtvb.sidecarapi.TokenAction;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The sidecar calls on one connection, bound to its id and settings. Calls block (Vault request
 * threads) and are bounded well inside Vault's 90 s; every failure is an {@link UpstreamException}
 * classified for the engine. When the sidecar does not hold these settings (it restarted, or a
 * push was lost) the implementation pushes them once and repeats the call.
 */
public interface SidecarConnection {

  /** Pushes the settings: the sidecar's live connection becomes these settings. */
  ConnectionInfo put() throws UpstreamException;

  /** Checks the live connection's credential with a Dynatrace call. */
  CredentialInfo verify() throws UpstreamException;

  /**
   * Checks other settings for this connection on a temporary client: the live connection is not
   * changed, whatever the answer (a config write verifies before it saves).
   */
  CredentialInfo verifyCandidate(ConnectionSettings candidate) throws UpstreamException;

  /** Creates one token; the only moment its secret exists outside Dynatrace. */
  MintedCredential mint(MintRequest request) throws UpstreamException;

  /**
   * {@link #mint} without holding the calling thread while the sidecar works: the stage fails with
   * the same {@link UpstreamException}, and completes on whichever thread read the answer
   * (continuations must not block). This default mints here and now.
   */
  default CompletionStage<MintedCredential> mintAsync(MintRequest request) {
    try {
      return CompletableFuture.completedFuture(mint(request));
    } catch (UpstreamException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Creates a replacement for the connection's own minter token (rotate-root): the sidecar gives it
   * the current minter's scopes; the caller chooses only its unique name and expiry.
   */
  MintedCredential mintMinter(MinterRequest request) throws UpstreamException;

  /** Deletes a lease's token (revocation); already gone counts as done. */
  DeleteResult revoke(String tokenId, TokenAction action) throws UpstreamException;

  /** Deletes an orphan tidy found (the sidecar records it as swept). */
  DeleteResult sweep(String tokenId, TokenAction action) throws UpstreamException;

  /**
   * Deletes a replaced or undone minter token (rotate-root): only the connection's previous minter
   * or a token made by {@link #mintMinter}.
   */
  DeleteResult retire(String tokenId, TokenAction action) throws UpstreamException;

  /** Deletes the token with exactly this unique name (rollback); answers how many were deleted. */
  int revokeByName(RollbackRequest request) throws UpstreamException;

  /** Reports a lease renewal to the lease log (no Dynatrace call). */
  void renewed(String tokenId, TokenAction action) throws UpstreamException;

  /** This connection's tokens whose names start with the prefix (tidy's view); never values. */
  List<ListedToken> listByPrefix(String namePrefix) throws UpstreamException;

  /**
   * Reads this connection's part of the lease log: {@code what} is checkpoint, public-key,
   * entries, inclusion, consistency or export; answers the sidecar's JSON.
   */
  Map<String, Object> leaseLog(String what, Map<String, String> query) throws UpstreamException;
}
