package io.dtvb.engine;

import io.dtvb.sidecarapi.TokenType;
import io.dtvb.vaultsdk.framework.Field;
import io.dtvb.vaultsdk.framework.FieldData;
import io.dtvb.vaultsdk.framework.FieldType;
import io.dtvb.vaultsdk.framework.Operation;
import io.dtvb.vaultsdk.framework.Path;
import io.dtvb.vaultsdk.framework.Request;
import io.dtvb.vaultsdk.framework.Response;
import io.dtvb.vaultsdk.framework.Storage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The inventory of live tokens ({@code token/<id>}, written at mint, removed at revoke) and the
 * {@code tokens/} endpoints that answer "who holds which token now", filterable by role and entity.
 */
final class TokenInventory {
  static final String STORAGE_PREFIX = "token/";

  /**
   * One live token and the Vault context it was issued to (never the token value); its kind
   * (entries written before platform tokens existed are classic) and its current Dynatrace
   * expiry (a platform token's moves with each renewal).
   */
  @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
  record Entry(String token_id, String token_name, String role, String entity_id, String display_name,
      String request_id, String issued_at, long hard_end, String expires_at, Map<String, String> metadata,
      String environment_url, String credential_fingerprint, String token_type) {

    Entry {
      metadata = metadata == null ? Map.of() : metadata;
      token_type = token_type == null || token_type.isEmpty() ? TokenType.CLASSIC.wire() : token_type;
    }

    /** The entry of a lease just issued: its data, issue time and the token's Dynatrace expiry. */
    static Entry of(LeaseData lease, java.time.Instant issuedAt, String expiresAt) {
      return new Entry(lease.tokenId(), lease.tokenName(), lease.role(), lease.entityId(), lease.displayName(),
          lease.requestId(), issuedAt.toString(), lease.hardEnd().getEpochSecond(), expiresAt, lease.metadata(),
          lease.environmentUrl(), lease.credentialFingerprint(), lease.context().type().wire());
    }

    /** This entry with the token's new Dynatrace expiry (a platform token's renewal). */
    Entry withExpiresAt(String expiresAt) {
      return new Entry(token_id, token_name, role, entity_id, display_name, request_id, issued_at, hard_end,
          expiresAt, metadata, environment_url, credential_fingerprint, token_type);
    }
  }

  private TokenInventory() {}

  static void put(Storage storage, Entry e) {
    storage.putJson(STORAGE_PREFIX + e.token_id(), e);
  }

  /** Writes a token's entry as {@link Storage#putAsync} does. */
  static java.util.concurrent.CompletionStage<Void> putAsync(Storage storage, Entry e) {
    return storage.putJsonAsync(STORAGE_PREFIX + e.token_id(), e);
  }

  static void remove(Storage storage, String tokenId) {
    storage.delete(STORAGE_PREFIX + tokenId);
  }

  /** How many live tokens of the role the inventory holds. */
  static long countByRole(Storage storage, String role) {
    long n = 0;
    for (String id : storage.list(STORAGE_PREFIX)) {
      if (get(storage, id).filter(e -> role.equals(e.role())).isPresent()) {
        n++;
      }
    }
    return n;
  }

  /** Every inventory entry. */
  static List<Entry> all(Storage storage) {
    List<Entry> out = new ArrayList<>();
    for (String id : storage.list(STORAGE_PREFIX)) {
      get(storage, id).ifPresent(out::add);
    }
    return out;
  }

  static Optional<Entry> get(Storage storage, String tokenId) {
    return storage.getJson(STORAGE_PREFIX + tokenId, Entry.class);
  }

  static List<Path> paths() {
    Path one = Path.builder("tokens/" + Path.segment("id"))
        .fields(Field.of("id", FieldType.STRING, "Dynatrace token id (dt0c01.… or dt0s16.…).").pathParameter())
        .operation(Operation.READ, (req, data) -> get(req.storage(), data.getString("id"))
            .map(e -> Response.of(Storage.JSON.convertValue(e, Map.class))).orElse(null), "Read one live token.")
        .help("Read one live token's lease context.", "Shows who a live token was issued to; never its value.")
        .build();
    Path list = Path.builder("tokens/?")
        .fields(Field.of("role", FieldType.STRING, "Only tokens of this role."),
            Field.of("entity_id", FieldType.STRING, "Only tokens issued to this Vault entity."))
        .operation(Operation.LIST, TokenInventory::list, "List live tokens, optionally by role or entity.")
        .help("List the live tokens this mount has issued.", LIST_HELP)
        .build();
    return List.of(one, list);
  }

  private static Response list(Request req, FieldData data) {
    List<String> keys = new ArrayList<>();
    Map<String, Object> info = new LinkedHashMap<>();
    for (String id : req.storage().list(STORAGE_PREFIX)) {
      Optional<Entry> e = get(req.storage(), id);
      if (e.isEmpty() || !matches(data.optString("role"), e.get().role())
          || !matches(data.optString("entity_id"), e.get().entity_id())) {
        continue;
      }
      keys.add(id);
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("role", e.get().role());
      one.put("entity_id", e.get().entity_id());
      one.put("display_name", e.get().display_name());
      one.put("expires_at", e.get().expires_at());
      one.put("token_type", e.get().token_type());
      info.put(id, one);
    }
    Response r = Response.list(keys);
    r.data().put("key_info", info);
    return r;
  }

  private static boolean matches(Optional<String> filter, String value) {
    return filter.isEmpty() || filter.get().equals(value);
  }

  private static final String LIST_HELP = """
      Lists the tokens this mount has minted whose leases are still alive, with the role, Vault
      entity, display name, current Dynatrace expiry and token_type (classic or platform) of each.
      Filter with role=<name> and entity_id=<id>.""";
}
