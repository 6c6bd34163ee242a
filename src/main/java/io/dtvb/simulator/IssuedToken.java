package io.dtvb.simulator;

import java.time.Instant;

/** A token created through the simulator's Java API: id, secret (never logged) and expiry (null = never). */
public record IssuedToken(String id, String token, Instant expirationDate) {
  @Override
  public String toString() {
    return "IssuedToken[id=" + id + ", expirationDate=" + expirationDate + "]";
  }
}
