package io.dtvb.simulator;

import java.util.Locale;

/**
 * Authenticates Account Management calls. Only an OAuth bearer from the simulated SSO is accepted
 * ({@code Authorization: Bearer <jwt>}); a {@code dt0s16} platform token or a {@code dt0c01} classic
 * token is 401 (field-reported: "every dt0s16 platform token is rejected"). The bearer must have been
 * granted with {@code resource=urn:dtaccount:<uuid>}; any other resource, or none, is 403
 * (field-reported: "without it… every API call returns 403").
 *
 * <p>Scopes, accepting either family because sources conflict (fact sheet §2):
 * <ul>
 *   <li>{@link Access#WRITE} (create, delete, expiry and status edits): {@code platform-token:tokens:write}
 *       (field-reported for create) or {@code account-idm-write} (documented);
 *   <li>{@link Access#READ} (list, limits): {@code platform-token:tokens:manage} (spec and
 *       field-reported) or {@code account-idm-read} (documented). Which family the live service
 *       enforces per operation is inferred.
 * </ul>
 */
final class AccountAuth {
  /** What an operation needs. */
  enum Access {
    READ,
    WRITE
  }

  private final SsoService sso;
  private final ServiceUsers users;
  private final String accountUrn;

  AccountAuth(SsoService sso, ServiceUsers users, String accountUrn) {
    this.sso = sso;
    this.users = users;
    this.accountUrn = accountUrn;
  }

  /** The caller behind {@code authorization}, holding a scope for {@code access}; else 401/403. */
  AccountCaller authenticate(String authorization, Access access) {
    if (authorization == null || authorization.isBlank()) {
      throw new AccountError(401, "Missing authorization header.");
    }
    String trimmed = authorization.trim();
    int space = trimmed.indexOf(' ');
    String scheme = space < 0 ? trimmed : trimmed.substring(0, space);
    String credential = space < 0 ? "" : trimmed.substring(space + 1).trim();
    if (!scheme.toLowerCase(Locale.ROOT).equals("bearer")) {
      throw new AccountError(401, "Unsupported authorization scheme; use an OAuth bearer token.");
    }
    if (credential.startsWith(TokenSecrets.PLATFORM_TOKEN_PREFIX + ".")
        || credential.startsWith(TokenSecrets.TOKEN_PREFIX + ".")) {
      throw new AccountError(401, "Access tokens cannot be used for the Account Management API; "
          + "use an OAuth bearer token.");
    }
    SsoService.Grant grant = sso.validate(credential)
        .orElseThrow(() -> new AccountError(401, "Invalid or expired bearer token."));
    if (!accountUrn.equals(grant.resource())) {
      throw new AccountError(403, "The bearer token was not issued for " + accountUrn
          + "; request it with resource=" + accountUrn + ".");
    }
    String[] anyOf = access == Access.WRITE
        ? new String[] {ScopeCatalog.PLATFORM_TOKENS_WRITE, ScopeCatalog.ACCOUNT_IDM_WRITE}
        : new String[] {ScopeCatalog.PLATFORM_TOKENS_MANAGE, ScopeCatalog.ACCOUNT_IDM_READ};
    if (!grant.scopes().contains(anyOf[0]) && !grant.scopes().contains(anyOf[1])) {
      throw new AccountError(403, "Insufficient permissions: the bearer token needs one of the scopes "
          + anyOf[0] + ", " + anyOf[1] + ".");
    }
    SimUser subject = users.get(grant.subject())
        .orElseGet(() -> new SimUser(grant.subject(), grant.owner(), false));
    return new AccountCaller(grant.clientId(), subject, grant.scopes());
  }
}
