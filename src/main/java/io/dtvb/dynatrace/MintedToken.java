package io.dtvb.dynatrace;

import java.time.Instant;

/** A freshly created token: its id (safe to log), its secret (never logged) and its fixed expiry. */
public record MintedToken(String id, String token, Instant expirationDate) {
  @Override
  public String toString() {
    return "MintedToken[id=" + id + ", expirationDate=" + expirationDate + "]";
  }
}
