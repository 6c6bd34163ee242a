package io.dtvb.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Dynatrace platform token ({@code dt0s16.…}) as the simulator stores it: public id, hash of the
 * secret (never the secret), the user who owns it, its platform scopes and its expiry (null = never).
 */
record PlatformToken(String id, String secretHash, String name, String owner, Set<String> scopes,
    Instant creationDate, Instant expirationDate) {

  PlatformToken {
    scopes = Set.copyOf(scopes);
  }

  /** Whether the token is past its expiration date at {@code now}. */
  boolean expiredAt(Instant now) {
    return expirationDate != null && !now.isBefore(expirationDate);
  }

  /** The metadata without the secret, for {@code /_sim/} answers. */
  JsonObject toJson() {
    return new JsonObject().put("id", id).put("name", name).put("owner", owner)
        .put("scopes", new JsonArray(new TreeSet<>(scopes).stream().toList()))
        .put("creation_date", ExpirationDates.format(creationDate))
        .put("expiration_date", expirationDate == null ? null : ExpirationDates.format(expirationDate));
  }

  @Override
  public String toString() {
    return "PlatformToken[id=" + id + ", owner=" + owner + ", scopes=" + scopes + "]";
  }
}
