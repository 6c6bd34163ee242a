package io.dtvb.engine;

import io.dtvb.sidecarapi.MintRequest;
import io.dtvb.vaultsdk.framework.Storage;

/**
 * The crash-safety bracket around a mint: an entry naming the token is recorded before the broker
 * is called and settled once the lease is returned (or the mint certainly failed), so a rollback can
 * find and delete a token whose lease never reached Vault. {@link #NONE} records nothing.
 */
interface MintJournal {

  /** Records nothing: the behaviour until the write-ahead log lands. */
  MintJournal NONE = new MintJournal() {
    @Override
    public String begin(Storage storage, MintRequest order, LeaseData lease) {
      return "";
    }

    @Override
    public void settle(Storage storage, String entryId) {}
  };

  /**
   * Writes the entry before the mint (the order and the lease it is for, whose token id is not
   * known yet); returns its id. A failure here stops the mint.
   */
  String begin(Storage storage, MintRequest order, LeaseData lease) throws Exception;

  /** Removes the entry: the lease was handed to Vault, or the token was certainly not created. */
  void settle(Storage storage, String entryId) throws Exception;
}
