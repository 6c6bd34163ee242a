package io.dtvb.engine;

import io.dtvb.sidecarapi.AccountInfo;
import io.dtvb.sidecarapi.TokenType;
import io.dtvb.vaultsdk.framework.FieldData;
import io.dtvb.vaultsdk.framework.Storage;
import io.dtvb.vaultsdk.framework.UserError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The role rules that depend on its {@code token_type}: the scopes must be of the token's kind
 * ({@link ScopeMap}), {@code service_user} and {@code personal_access_token} belong to one kind
 * each, and a platform role's {@code max_active_tokens} may not exceed its owner's platform-token
 * cap when the last config verification read the account's limits; and a creds request needs the
 * mount's minter of the role's kind.
 */
final class RoleTypeRules {
  private RoleTypeRules() {}

  /** The written token_type, else the stored role's, else classic. */
  static TokenType tokenType(FieldData data, Optional<RoleEntry> stored) {
    if (!data.has("token_type")) {
      return stored.map(RoleEntry::tokenType).orElse(TokenType.CLASSIC);
    }
    TokenType type = TokenType.fromWire(data.getString("token_type").strip().toLowerCase(Locale.ROOT));
    if (type == null) {
      throw UserError.invalidField("token_type", "must be classic (access tokens, dt0c01) or platform"
          + " (platform tokens, dt0s16, minted through the Account Management API)");
    }
    return type;
  }

  /** The written service_user (an empty value clears it), else the stored role's; lowercase. */
  static String serviceUser(FieldData data, Optional<RoleEntry> stored) {
    if (!data.has("service_user")) {
      return stored.map(RoleEntry::serviceUser).orElse(null);
    }
    String value = data.getString("service_user").strip();
    if (value.isEmpty()) {
      return null;
    }
    if (!AccountConfig.isUuid(value)) {
      throw UserError.invalidField("service_user", "must be the UUID of a Dynatrace service user (its uid,"
          + " e.g. 12345678-90ab-cdef-1234-567890abcdef)");
    }
    return value.toLowerCase(Locale.ROOT);
  }

  /** Throws a 400 naming the first field that does not fit the role's token type. */
  static void check(RoleEntry role, Storage storage) {
    ScopeMap.check(role.tokenType(), role.scopes());
    if (!role.platform()) {
      if (role.serviceUser() != null) {
        throw UserError.invalidField("service_user", "is only for platform roles (token_type=platform);"
            + " classic tokens belong to the minter credential's user");
      }
      return;
    }
    if (role.personalAccessToken()) {
      throw UserError.invalidField("personal_access_token", "is only for classic roles; a platform token"
          + " always belongs to its owner (service_user, or the account OAuth client's user)");
    }
    Optional<OwnerCap> cap = ownerCap(role, storage);
    if (cap.isPresent() && role.maxActiveTokens() > cap.get().limit()) {
      throw UserError.invalidField("max_active_tokens", role.maxActiveTokens() + " exceeds the owner's cap of "
          + cap.get().limit() + " platform tokens (" + cap.get().type() + ", as the last config verification"
          + " read the account's limits)" + cap.get().why() + "; expired tokens count until they are deleted");
    }
  }

  /** The mount must have the minter of the role's kind: the classic minter, or the account side. */
  static void requireMinter(ConfigEntry config, String roleName, RoleEntry role) {
    if (role.platform() && !config.hasAccount()) {
      throw new UserError("role \"" + roleName + "\" mints platform tokens (token_type=platform), but this"
          + " mount has no account side: configure account_uuid, account_client_id and account_client_secret"
          + " in config");
    }
    if (!role.platform() && !config.hasClassicMinter()) {
      throw new UserError("role \"" + roleName + "\" mints classic access tokens, but this mount has no classic"
          + " minter (auth_mode=none): configure a classic credential in config (auth_mode=api_token, oauth or"
          + " platform_token) or switch the role to token_type=platform with platform scopes");
    }
  }

  /** Warnings for a role that is valid but may surprise: a platform role without a quota under a known cap. */
  static List<String> warnings(RoleEntry role, Storage storage) {
    List<String> out = new ArrayList<>();
    if (role.platform() && role.maxActiveTokens() == 0) {
      ownerCap(role, storage).ifPresent(cap -> out.add("max_active_tokens is 0 (no quota), but Dynatrace caps"
          + " the owner at " + cap.limit() + " platform tokens (" + cap.type() + "), counting expired ones until"
          + " tidy deletes them; mints fail once the owner reaches it"));
    }
    return out;
  }

  /** The owner's platform-token cap, if the stored verification knows the account's limits. */
  private static Optional<OwnerCap> ownerCap(RoleEntry role, Storage storage) {
    Optional<AccountInfo> account = AccountConfig.verifiedAccount(storage);
    if (role.serviceUser() != null) {
      return account.map(a -> a.cap(AccountInfo.PER_SERVICE_USER))
          .map(limit -> new OwnerCap(AccountInfo.PER_SERVICE_USER, limit, " for the role's service_user"));
    }
    // Conservative: whether the OAuth client's own user is a service user is not known here.
    return account.map(a -> a.cap(AccountInfo.PER_USER)).map(limit -> new OwnerCap(AccountInfo.PER_USER, limit,
        " for the account OAuth client's own user, which owns the tokens of a role without service_user"
            + " and may be a regular user"));
  }

  private record OwnerCap(String type, long limit, String why) {}
}
