package io.dtvb.engine;

import io.dtvb.sidecarapi.MintRequest;
import io.dtvb.vaultsdk.framework.Storage;
import io.dtvb.vaultsdk.framework.WriteAheadLog;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The mint journal on Vault's write-ahead log: entry kind {@value #KIND} holds the unique token
 * name and the planned lease's data (role, who asked, hard end, environment; the expiry for
 * operators) from before the mint until the lease is returned, so a rollback records the same
 * lease context as the mint would have.
 */
final class WalMintJournal implements MintJournal {
  static final String KIND = "mint";
  static final String TOKEN_NAME = "token_name";
  /** When the entry was written: a rollback keeps a young entry whose token is not listed yet. */
  static final String WRITTEN_AT = "journal_written_at";

  private final Clock clock;

  WalMintJournal(Clock clock) {
    this.clock = clock;
  }

  @Override
  public CompletionStage<String> begin(Storage storage, MintRequest order, LeaseData lease) {
    Map<String, Object> data = new LinkedHashMap<>(lease.toMap());
    data.remove("token_id"); // not known before the mint
    data.put(TOKEN_NAME, order.name());
    data.put("expiration", order.expirationDate().toString());
    data.put(WRITTEN_AT, clock.instant().toString());
    return WriteAheadLog.putAsync(storage, KIND, data, clock.instant());
  }

  /** When the entry was written, if it says (entries of older versions do not). */
  static Optional<Instant> writtenAt(Map<String, Object> data) {
    try {
      return data.get(WRITTEN_AT) instanceof String s ? Optional.of(Instant.parse(s))
          : Optional.empty();
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The lease a journal entry was written for (its token id unknown), to give the rollback its context. */
  static LeaseData lease(Map<String, Object> data) {
    return LeaseData.from(data);
  }

  @Override
  public void settle(Storage storage, String entryId) {
    WriteAheadLog.delete(storage, entryId);
  }
}
