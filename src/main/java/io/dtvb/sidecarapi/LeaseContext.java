package io.dtvb.sidecarapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Vault context of a lease as the sidecar's lease log records it: mount, role, who asked
 * (entity, display name, request id), the token's unique name, the lease's hard end and the
 * role's metadata and the token's type. Never a secret; the sidecar redacts any value shaped like one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LeaseContext(
    @JsonProperty("mount") String mount,
    @JsonProperty("role") String role,
    @JsonProperty("entity_id") String entityId,
    @JsonProperty("display_name") String displayName,
    @JsonProperty("request_id") String requestId,
    @JsonProperty("token_name") String tokenName,
    @JsonProperty("hard_end") Instant hardEnd,
    @JsonProperty("metadata") Map<String, String> metadata,
    @JsonProperty("token_type") TokenType tokenType) {

  public LeaseContext {
    metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(metadata));
  }

  /** A classic token's context (token_type left unset, which means classic). */
  public LeaseContext(String mount, String role, String entityId, String displayName, String requestId,
      String tokenName, Instant hardEnd, Map<String, String> metadata) {
    this(mount, role, entityId, displayName, requestId, tokenName, hardEnd, metadata, null);
  }

  /** A context that knows only where the action comes from and the token's name (rollback, tidy, rotation). */
  public static LeaseContext ofName(String mount, String role, String tokenName) {
    return new LeaseContext(mount, role, null, null, null, tokenName, null, Map.of(), null);
  }

  /** This context with the token's name set. */
  public LeaseContext withTokenName(String name) {
    return new LeaseContext(mount, role, entityId, displayName, requestId, name, hardEnd, metadata, tokenType);
  }

  /** This context with the token's type set. */
  public LeaseContext withTokenType(TokenType type) {
    return new LeaseContext(mount, role, entityId, displayName, requestId, tokenName, hardEnd, metadata, type);
  }

  /** The token's type; unset means classic. */
  public TokenType type() {
    return TokenType.orClassic(tokenType);
  }
}
