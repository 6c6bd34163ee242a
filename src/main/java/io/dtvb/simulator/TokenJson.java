package io.dtvb.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Set;

/** Renders stored tokens as Dynatrace's {@code ApiToken} object (never the secret). */
final class TokenJson {
  private TokenJson() {}

  /** Every field Dynatrace documents for ApiToken (GET by id, lookup). */
  static JsonObject full(StoredToken t) {
    return render(t, TokenFields.ALL);
  }

  /** Only the requested fields; {@code id} is always present; unset dates are left out. */
  static JsonObject render(StoredToken t, Set<String> fields) {
    JsonObject o = new JsonObject().put("id", t.id());
    for (String f : fields) {
      switch (f) {
        case "name" -> o.put("name", t.name());
        case "enabled" -> o.put("enabled", t.enabled());
        case "owner" -> o.put("owner", t.owner());
        case "personalAccessToken" -> o.put("personalAccessToken", t.personalAccessToken());
        case "creationDate" -> putDate(o, f, t.creationDate());
        case "expirationDate" -> putDate(o, f, t.expirationDate());
        case "lastUsedDate" -> putDate(o, f, t.lastUsedDate());
        case "modifiedDate" -> putDate(o, f, t.modifiedDate());
        case "lastUsedIpAddress" -> {
          if (t.lastUsedIpAddress() != null) {
            o.put(f, t.lastUsedIpAddress());
          }
        }
        case "scopes" -> o.put("scopes", new JsonArray(t.scopes()));
        case "additionalMetadata" -> o.put("additionalMetadata", new JsonObject());
        default -> { }
      }
    }
    return o;
  }

  /** The simulator's own snake_case view for {@code /_sim/state}. */
  static JsonObject state(StoredToken t, Instant now) {
    return new JsonObject().put("id", t.id()).put("name", t.name()).put("owner", t.owner())
        .put("scopes", new JsonArray(t.scopes())).put("enabled", t.enabled())
        .put("personal_access_token", t.personalAccessToken())
        .put("creation_date", ExpirationDates.format(t.creationDate()))
        .put("expiration_date", t.expirationDate() == null ? null : ExpirationDates.format(t.expirationDate()))
        .put("expired", t.expiredAt(now)).put("deleted", t.deleted());
  }

  private static void putDate(JsonObject o, String field, Instant value) {
    if (value != null) {
      o.put(field, ExpirationDates.format(value));
    }
  }
}
