package io.dtvb.leaselog;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One upstream action on a Dynatrace token and the Vault context it happened in. Never a token
 * value or credential: only ids, names, scopes and who/why.
 */
public record LeaseEvent(
    Type type,
    Instant time,
    String mount,
    String role,
    String entityId,
    String displayName,
    String requestId,
    String connection,
    String tokenId,
    String tokenName,
    List<String> scopes,
    Instant hardEnd,
    String reason,
    int upstreamStatus,
    Map<String, String> metadata) {

  /** What happened; the wire name is lower snake case. */
  public enum Type {
    MINTED, RENEWED, REVOKED, ALREADY_GONE, ROLLED_BACK, SWEPT, MINT_FAILED, REVOKE_FAILED, ROTATED_ROOT;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The type for a wire name, or null. */
    public static Type fromWire(String name) {
      for (Type t : values()) {
        if (t.wireName().equals(name)) {
          return t;
        }
      }
      return null;
    }
  }

  public LeaseEvent {
    if (type == null || time == null) {
      throw new IllegalArgumentException("an event needs a type and a time");
    }
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
