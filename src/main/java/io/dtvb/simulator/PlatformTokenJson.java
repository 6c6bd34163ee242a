package io.dtvb.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.TreeSet;

/** Renders platform tokens: the Account Management list item, and the simulator's own state view. */
final class PlatformTokenJson {
  private PlatformTokenJson() {}

  /**
   * A {@code PlatformTokenDto} as observed live (field-reported, 2026-08-06): {@code accountUuid} is a
   * string, {@code expirationDate} is null for a token that never expires, there is no
   * {@code userUuid}, and an expired token still reads {@code status: "ACTIVE"}.
   */
  static JsonObject item(PlatformToken t, String accountUuid) {
    return new JsonObject().put("tokenId", t.id()).put("accountUuid", accountUuid).put("name", t.name())
        .put("scope", new JsonArray(t.scopes())).put("resource", new JsonArray(t.resource()))
        .put("tags", new JsonArray(t.tags())).put("status", t.status().name())
        .put("expirationDate", date(t.expirationDate()))
        .put("createdAt", date(t.creationDate())).put("updatedAt", date(t.updatedAt()))
        .put("createdBy", t.createdBy()).put("owner", t.owner())
        .put("metadata", new JsonObject().put("lastUsedAt", date(t.lastUsedAt()))
            .put("lastClientIp", t.lastClientIp()));
  }

  /** The snake_case view for {@code /_sim/state} (and the {@code /_sim/platform-tokens} answer). */
  static JsonObject state(PlatformToken t, Instant now) {
    return new JsonObject().put("id", t.id()).put("name", t.name()).put("owner", t.owner())
        .put("owner_uuid", t.ownerUuid()).put("created_by", t.createdBy())
        .put("scopes", new JsonArray(new TreeSet<>(t.scopes()).stream().toList()))
        .put("resource", new JsonArray(t.resource())).put("tags", new JsonArray(t.tags()))
        .put("status", t.status().name())
        .put("creation_date", date(t.creationDate()))
        .put("updated_at", date(t.updatedAt()))
        .put("expiration_date", date(t.expirationDate()))
        .put("last_used_at", date(t.lastUsedAt()))
        .put("expired", t.expiredAt(now)).put("account_managed", t.accountManaged());
  }

  private static String date(Instant value) {
    return value == null ? null : ExpirationDates.format(value);
  }
}
