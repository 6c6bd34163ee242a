package io.dtvb.engine;

import io.dtvb.sidecarapi.MintRequest;
import io.dtvb.vaultsdk.framework.Storage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The crash-safety bracket around a mint: an entry naming the token is recorded before the broker
 * is called and settled once the lease is returned (or the mint certainly failed), so a rollback can
 * find and delete a token whose lease never reached Vault. {@link #NONE} records nothing.
 */
interface MintJournal {

  /** Records nothing: the behaviour until the write-ahead log lands. */
  MintJournal NONE = new MintJournal() {
    @Override
    public CompletionStage<String> begin(Storage storage, MintRequest order, LeaseData lease) {
      return CompletableFuture.completedFuture("");
    }

    @Override
    public void settle(Storage storage, String entryId) {}
  };

  /**
   * Writes the entry before the mint (the order and the lease it is for, whose token id is not
   * known yet); the stage completes with its id once the entry is stored, and the mint starts only
   * then. A failure here (thrown, or the stage's) stops the mint.
   */
  CompletionStage<String> begin(Storage storage, MintRequest order, LeaseData lease) throws Exception;

  /** Removes the entry: the lease was handed to Vault, or the token was certainly not created. */
  void settle(Storage storage, String entryId) throws Exception;
}
