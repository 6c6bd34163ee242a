package io.dtvb.engine;

import io.dtvb.sidecarapi.ConnectionSettings;
import io.dtvb.sidecarapi.TokenType;
import io.dtvb.vaultsdk.framework.Storage;
import io.dtvb.vaultsdk.framework.UserError;
import java.util.List;

/**
 * A config write must not strand live leases by accident: removing the classic minter
 * ({@code auth_mode=none}) while classic tokens are live, or the account side while platform
 * tokens are live, would leave their leases unrevocable (every revoke refused until the side is
 * configured again). Such a write is refused naming the count, unless {@code force=true} — the
 * same rule as a config delete.
 */
final class LiveTokenGuard {
  private LiveTokenGuard() {}

  static void check(Storage storage, ConfigEntry stored, ConfigEntry merged, boolean force) {
    if (force || stored == null) {
      return;
    }
    boolean dropsClassic = stored.mode() != ConnectionSettings.AuthMode.NONE
        && merged.mode() == ConnectionSettings.AuthMode.NONE;
    boolean dropsAccount = stored.hasAccount() && !merged.hasAccount();
    if (!dropsClassic && !dropsAccount) {
      return;
    }
    List<TokenInventory.Entry> live = TokenInventory.all(storage);
    long classic = live.stream().filter(e -> TokenType.CLASSIC.wire().equals(e.token_type())).count();
    long platform = live.size() - classic;
    if (dropsClassic && classic > 0) {
      throw UserError.invalidField("auth_mode", "none would remove the classic minter while " + classic
          + " classic token(s) of this mount are live (tokens/): their leases could not be revoked. Revoke them"
          + " first, or write with force=true (they then expire at their fixed end)");
    }
    if (dropsAccount && platform > 0) {
      throw UserError.invalidField("account_uuid", "clearing the account side while " + platform
          + " platform token(s) of this mount are live (tokens/) would make their leases unrevocable. Revoke"
          + " them first, or write with force=true (they then expire at their current Dynatrace expiry)");
    }
  }
}
