package io.dtvb.simulator;

import java.util.Locale;
import java.util.Set;

/**
 * Authenticates environment-API requests: {@code Api-Token} on the classic and Managed paths,
 * {@code Bearer} (an SSO bearer, or a {@code dt0s16} platform token) on the platform proxy only; and
 * checks the scope each operation needs (bearers and platform tokens need the OAuth-style scopes).
 *
 * <p>A platform token is refused with: 401 when unknown or deleted (inferred); 401 when its status is INACTIVE
 * (disabling is documented; the status code is inferred, and the documented propagation delay of up
 * to five minutes is not simulated); 403 "The
 * platform token has expired." past its expiry (documented 403); 403 when its {@code resource}
 * names neither this environment nor the account (inferred from the documented environment
 * restriction). A use records lastUsedAt and lastClientIp.
 */
final class AuthService {

  /** What an operation needs from the caller. */
  enum Access {
    READ,
    WRITE,
    /** Lookup: any classic token, or the OAuth read scope. */
    LOOKUP
  }

  /** Message for a platform token past its expiration date (Dynatrace answers 403). */
  static final String PLATFORM_TOKEN_EXPIRED = "The platform token has expired.";
  /** Message for a platform token whose status is INACTIVE (401). */
  static final String PLATFORM_TOKEN_INACTIVE = "Authentication failed: the platform token is inactive.";
  private static final String BEARER_FAILED = "Authentication failed: the bearer token is invalid or expired.";

  private final TokenStore store;
  private final SsoService sso;
  private final PlatformTokens platformTokens;
  private final SimClock clock;
  private final String environmentUrn;
  private final String accountUrn;

  AuthService(TokenStore store, SsoService sso, PlatformTokens platformTokens, SimClock clock,
      String environmentId, String accountUrn) {
    this.store = store;
    this.sso = sso;
    this.platformTokens = platformTokens;
    this.clock = clock;
    this.environmentUrn = "urn:dtenvironment:" + environmentId;
    this.accountUrn = accountUrn;
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
      if (credential.startsWith(TokenSecrets.PLATFORM_TOKEN_PREFIX + ".")) {
        return platformCaller(credential, remoteIp);
      }
      return sso.validate(credential)
          .map(g -> Caller.bearer(g.owner(), g.scopes()))
          .orElseThrow(() -> ApiError.unauthorized(BEARER_FAILED));
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

  /** A platform token: unknown, deleted or inactive is 401; expired or foreign environment is 403. */
  private Caller platformCaller(String secret, String remoteIp) {
    PlatformToken token = platformTokens.find(secret)
        .orElseThrow(() -> ApiError.unauthorized(BEARER_FAILED));
    if (token.status() == PlatformToken.Status.INACTIVE) {
      throw ApiError.unauthorized(PLATFORM_TOKEN_INACTIVE);
    }
    if (token.expiredAt(clock.now())) {
      throw new ApiError(403, PLATFORM_TOKEN_EXPIRED);
    }
    if (!token.covers(environmentUrn, accountUrn)) {
      throw new ApiError(403, "The platform token is not valid for environment " + environmentUrn + ".");
    }
    platformTokens.touch(token.id(), remoteIp);
    return Caller.platformToken(token);
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

  /** Throws 403 naming the scopes unless the caller holds one of {@code anyOf}. */
  static void need(Caller caller, String... anyOf) {
    for (String s : anyOf) {
      if (caller.scopes().contains(s)) {
        return;
      }
    }
    StringBuilder msg = new StringBuilder("Token is missing required scope. Use one of: ");
    for (int i = 0; i < anyOf.length; i++) {
      String description = ScopeCatalog.describe(anyOf[i]);
      msg.append(i == 0 ? "" : ", ").append(anyOf[i]);
      if (!description.equals(anyOf[i])) {
        msg.append(" (").append(description).append(')');
      }
    }
    throw new ApiError(403, msg.toString());
  }

  /** Scopes the default OAuth client holds. */
  static Set<String> defaultOAuthScopes() {
    return Set.of(ScopeCatalog.OAUTH_READ, ScopeCatalog.OAUTH_WRITE);
  }
}
