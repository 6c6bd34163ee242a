package io.dtvb.simulator;

import java.util.Set;

/**
 * Who is calling: a classic access token (with its id), an OAuth bearer (tokenId null) or a platform
 * token sent as a bearer (tokenId null: it is not a classic token the API could act on).
 *
 * @param owner the identity that owns tokens this caller creates
 */
record Caller(Kind kind, String tokenId, String owner, Set<String> scopes, boolean personalAccessToken) {

  /** Credential kinds. */
  enum Kind {
    API_TOKEN,
    BEARER,
    PLATFORM_TOKEN
  }

  Caller {
    scopes = Set.copyOf(scopes);
  }

  static Caller apiToken(StoredToken t) {
    return new Caller(Kind.API_TOKEN, t.id(), t.owner(), Set.copyOf(t.scopes()), t.personalAccessToken());
  }

  static Caller bearer(String owner, Set<String> scopes) {
    return new Caller(Kind.BEARER, null, owner, scopes, false);
  }

  static Caller platformToken(PlatformToken t) {
    return new Caller(Kind.PLATFORM_TOKEN, null, t.owner(), Set.copyOf(t.scopes()), false);
  }
}
