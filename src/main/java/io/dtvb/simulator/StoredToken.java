package io.dtvb.simulator;

import java.time.Instant;
import java.util.List;

/** One access token as the simulator stores it: metadata plus the hash of its secret, never the secret. */
record StoredToken(
    String id,
    String secretHash,
    String name,
    String owner,
    List<String> scopes,
    boolean personalAccessToken,
    boolean enabled,
    Instant creationDate,
    Instant expirationDate,
    Instant modifiedDate,
    Instant lastUsedDate,
    String lastUsedIpAddress,
    boolean deleted) {

  StoredToken {
    scopes = List.copyOf(scopes);
  }

  /** Whether the token is past its expiration date at {@code now}. */
  boolean expiredAt(Instant now) {
    return expirationDate != null && !now.isBefore(expirationDate);
  }

  /** Whether the token can authenticate a request at {@code now}. */
  boolean usableAt(Instant now) {
    return !deleted && enabled && !expiredAt(now);
  }

  StoredToken withUpdate(String newName, List<String> newScopes, Boolean newEnabled, Instant now) {
    String n = newName == null ? name : newName;
    List<String> s = newScopes == null ? scopes : newScopes;
    boolean modified = !n.equals(name) || !s.equals(scopes);
    return new StoredToken(id, secretHash, n, owner, s, personalAccessToken,
        newEnabled == null ? enabled : newEnabled, creationDate, expirationDate,
        modified ? now : modifiedDate, lastUsedDate, lastUsedIpAddress, deleted);
  }

  StoredToken withUse(Instant now, String ip) {
    return new StoredToken(id, secretHash, name, owner, scopes, personalAccessToken, enabled,
        creationDate, expirationDate, modifiedDate, now, ip, deleted);
  }

  StoredToken asDeleted() {
    return new StoredToken(id, secretHash, name, owner, scopes, personalAccessToken, enabled,
        creationDate, expirationDate, modifiedDate, lastUsedDate, lastUsedIpAddress, true);
  }
}
