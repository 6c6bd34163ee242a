package io.dtvb.engine;

import io.dtvb.sidecarapi.MintRequest;
import io.dtvb.vaultsdk.framework.Storage;
import io.dtvb.vaultsdk.framework.WriteAheadLog;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The mint journal on Vault's write-ahead log: entry kind {@value #KIND} holds the unique token
 * name (and the role and expiry for operators) from before the mint until the lease is returned.
 */
final class WalMintJournal implements MintJournal {
  static final String KIND = "mint";
  static final String TOKEN_NAME = "token_name";

  private final Clock clock;

  WalMintJournal(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String begin(Storage storage, MintRequest order) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put(TOKEN_NAME, order.name());
    data.put("role", order.lease().role());
    data.put("expiration", order.expirationDate().toString());
    return WriteAheadLog.put(storage, KIND, data, clock.instant());
  }

  @Override
  public void settle(Storage storage, String entryId) {
    WriteAheadLog.delete(storage, entryId);
  }
}
