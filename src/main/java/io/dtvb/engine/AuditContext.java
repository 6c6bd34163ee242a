package io.dtvb.engine;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the sidecar's lease log records with an upstream action besides the token: the Vault
 * context the lease was issued in, the hard end, why the action happens, and whether it is a
 * lease's own revocation or tidy's sweep. Never a secret.
 */
public record AuditContext(String mount, String role, String entityId, String displayName, String requestId,
    String tokenName, Instant hardEnd, Map<String, String> metadata, Cause cause, String reason) {

  /** Why the engine acts on the token. */
  public enum Cause {
    /** A lease was revoked (by a user, at expiry, by cascade or at unmount). */
    LEASE,
    /** A lease was renewed (no upstream call; recorded only). */
    RENEWAL,
    /** Rollback of a mint whose lease never reached Vault. */
    ROLLBACK,
    /** tidy found the token orphaned. */
    TIDY,
    /** The minter token was replaced (rotate-root). */
    ROTATION
  }

  public AuditContext {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /** The context a lease carries in its internal data (written at mint). */
  @SuppressWarnings("unchecked")
  static AuditContext ofLease(Map<String, Object> internal, Cause cause, String reason) {
    Object hardEnd = internal.get("hard_end");
    Instant end = null;
    try {
      end = hardEnd == null ? null : Instant.ofEpochSecond(hardEnd instanceof Number n ? n.longValue()
          : Long.parseLong(String.valueOf(hardEnd).trim()));
    } catch (NumberFormatException e) {
      // recorded without a hard end
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    if (internal.get("metadata") instanceof Map<?, ?> m) {
      ((Map<Object, Object>) m).forEach((k, v) -> metadata.put(String.valueOf(k), String.valueOf(v)));
    }
    return new AuditContext(text(internal, "mount"), text(internal, "role"), text(internal, "entity_id"),
        text(internal, "display_name"), text(internal, "request_id"), text(internal, "token_name"), end,
        metadata, cause, reason);
  }

  /** A context that knows only the token name (rollback, tidy). */
  static AuditContext ofName(String mount, String role, String tokenName, Cause cause, String reason) {
    return new AuditContext(mount, role, "", "", "", tokenName, null, Map.of(), cause, reason);
  }

  private static String text(Map<String, Object> m, String key) {
    Object v = m.get(key);
    return v == null ? "" : String.valueOf(v);
  }
}
