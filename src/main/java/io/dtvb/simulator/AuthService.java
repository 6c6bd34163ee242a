package io.dtvb.simulator;

import java.util.Locale;
import java.util.Set;

/**
 * Authenticates token-API requests: {@code Api-Token} on the classic and Managed paths, {@code Bearer}
 * (from the simulated SSO) on the platform proxy only; and checks the scope each operation needs.
 */
final class AuthService {

  /** What an operation needs from the caller. */
  enum Access {
    READ,
    WRITE,
    /** Lookup: any classic token, or the OAuth read scope. */
    LOOKUP
  }

  private final TokenStore store;
  private final SsoService sso;
  private final SimClock clock;

  AuthService(TokenStore store, SsoService sso, SimClock clock) {
    this.store = store;
    this.sso = sso;
    this.clock = clock;
  }

  /** Resolves the caller from the Authorization header, or throws a 401 {@link ApiError}. */
  Caller authenticate(ApiFlavor flavor, String authorization, String remoteIp) {
    if (authorization == null || authorization.isBlank()) {
      throw ApiError.unauthorized(ApiError.MISSING_AUTH);
    }
    String trimmed = authorization.trim();
    int space = trimmed.indexOf(' ');
    String scheme = space < 0 ? trimmed : trimmed.substring(0, space);
    String credential = space < 0 ? "" : trimmed.substring(space + 1).trim();
    String lower = scheme.toLowerCase(Locale.ROOT);
    if (flavor == ApiFlavor.PLATFORM) {
      if (!lower.equals("bearer")) {
        throw ApiError.unauthorized("Unsupported authorization scheme '" + scheme
            + "'. Dynatrace platform APIs require the authorization scheme 'Bearer'");
      }
      return sso.validate(credential)
          .map(g -> Caller.bearer(g.owner(), g.scopes()))
          .orElseThrow(() -> ApiError.unauthorized("Authentication failed: the bearer token is "
              + "invalid or expired."));
    }
    if (lower.equals("bearer")) {
      throw ApiError.unauthorized("Token exchange failed");
    }
    if (!lower.equals("api-token")) {
      throw ApiError.unauthorized(ApiError.MISSING_AUTH);
    }
    StoredToken token = store.liveBySecret(credential)
        .filter(t -> t.usableAt(clock.now()))
        .orElseThrow(() -> ApiError.unauthorized(ApiError.TOKEN_AUTH_FAILED));
    store.update(token.id(), t -> t.withUse(clock.now(), remoteIp));
    return Caller.apiToken(token);
  }

  /** Throws 403 unless the caller holds a scope that allows {@code access}. */
  static void require(Caller caller, Access access) {
    if (caller.kind() == Caller.Kind.API_TOKEN) {
      switch (access) {
        case READ -> need(caller, ScopeCatalog.API_TOKENS_READ);
        case WRITE -> need(caller, ScopeCatalog.API_TOKENS_WRITE);
        case LOOKUP -> { }
        default -> throw new IllegalStateException();
      }
      return;
    }
    if (access == Access.WRITE) {
      need(caller, ScopeCatalog.OAUTH_WRITE, ScopeCatalog.OAUTH_ALT_WRITE);
    } else {
      need(caller, ScopeCatalog.OAUTH_READ, ScopeCatalog.OAUTH_ALT_READ);
    }
  }

  private static void need(Caller caller, String... anyOf) {
    for (String s : anyOf) {
      if (caller.scopes().contains(s)) {
        return;
      }
    }
    StringBuilder msg = new StringBuilder("Token is missing required scope. Use one of: ");
    for (int i = 0; i < anyOf.length; i++) {
      msg.append(i == 0 ? "" : ", ").append(anyOf[i])
          .append(" (").append(ScopeCatalog.describe(anyOf[i])).append(')');
    }
    throw new ApiError(403, msg.toString());
  }

  /** Scopes the default OAuth client holds. */
  static Set<String> defaultOAuthScopes() {
    return Set.of(ScopeCatalog.OAUTH_READ, ScopeCatalog.OAUTH_WRITE);
  }
}
