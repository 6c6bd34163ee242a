package io.dtvb.engine;

import java.time.Instant;

/** A freshly minted token: its id (safe to log), its secret and Dynatrace's resolved expiry. */
public record MintedCredential(String tokenId, String token, Instant expiration) {

  @Override
  public String toString() {
    return "MintedCredential[tokenId=" + tokenId + ", token=<redacted>, expiration=" + expiration + "]";
  }
}
