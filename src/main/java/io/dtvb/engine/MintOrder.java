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

  /** Who asked for the token, through which mount and role (never a secret). */
  public record LeaseContext(
      String mount, String role, String entityId, String displayName, String requestId) {}
}
