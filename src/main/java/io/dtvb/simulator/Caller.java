package io.dtvb.simulator;

import java.util.Set;

/**
 * Who is calling: a classic access token (with its id) or an OAuth bearer (tokenId null).
 *
 * @param owner the identity that owns tokens this caller creates
 */
record Caller(Kind kind, String tokenId, String owner, Set<String> scopes, boolean personalAccessToken) {

  /** Credential kinds. */
  enum Kind {
    API_TOKEN,
    BEARER
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
}
