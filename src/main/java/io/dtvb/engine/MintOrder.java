package io.dtvb.engine;

import java.time.Instant;
import java.util.List;

/**
 * What to mint: a unique token name, the scopes, the fixed Dynatrace expiry, the token kind, and
 * the Vault context the sidecar records in its lease log.
 */
public record MintOrder(
    String name,
    List<String> scopes,
    Instant expiration,
    boolean personalAccessToken,
    LeaseContext context) {

  public MintOrder {
    scopes = List.copyOf(scopes);
  }

  /** Who asked for the token, through which mount and role, and the role's metadata (never a secret). */
  public record LeaseContext(
      String mount, String role, String entityId, String displayName, String requestId,
      java.util.Map<String, String> metadata, Instant hardEnd) {

    public LeaseContext {
      metadata = metadata == null ? java.util.Map.of() : java.util.Map.copyOf(metadata);
    }

    /** A context without metadata. */
    public LeaseContext(String mount, String role, String entityId, String displayName, String requestId) {
      this(mount, role, entityId, displayName, requestId, null, null);
    }
  }
}
