package io.dtvb.dynatrace;

import java.time.Instant;

/**
 * A freshly created token: its id (safe to log), its secret (never logged) and its expiry. For a
 * classic token the expiry is the one Dynatrace answered; for a platform token it is the one sent
 * (the create answer carries only name, tokenId and token [documented]) and can be moved later.
 * The id is the secret's first two dot-separated parts [documented for classic, inferred for platform].
 */
public record MintedToken(String id, String token, Instant expirationDate) {
  @Override
  public String toString() {
    return "MintedToken[id=" + id + ", expirationDate=" + expirationDate + "]";
  }
}
