package io.dtvb.engine;

import io.dtvb.sidecarapi.LeaseContext;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A lease's internal data (what Vault keeps with the lease and hands back at renew and revoke):
 * the token, its unique name and nonce, the role, the fixed hard end, who asked, and the
 * environment and credential fingerprint the token was minted with. The one mapping to and from
 * Vault's map; the sidecar's {@link LeaseContext} and the inventory entry are derived from it.
 * Never a secret.
 */
record LeaseData(String tokenId, String tokenName, String role, Instant hardEnd, String mount, String nonce,
    Map<String, String> metadata, String entityId, String displayName, String requestId,
    String environmentUrl, String credentialFingerprint) {

  LeaseData {
    metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(metadata));
  }

  /** The internal data as Vault stores it; hard_end in epoch seconds (a JSON number). */
  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("token_id", tokenId);
    m.put("token_name", tokenName);
    m.put("role", role);
    m.put("hard_end", hardEnd == null ? null : hardEnd.getEpochSecond());
    m.put("mount", mount);
    m.put("nonce", nonce);
    m.put("metadata", metadata);
    m.put("entity_id", entityId);
    m.put("display_name", displayName);
    m.put("request_id", requestId);
    m.put("environment_url", environmentUrl);
    m.put("credential_fingerprint", credentialFingerprint);
    return m;
  }

  /**
   * Reads internal data as Vault hands it back (numbers may arrive as floats or text). Missing
   * keys are null: leases minted before a key existed keep working (environment_url and
   * credential_fingerprint are null for them).
   */
  static LeaseData from(Map<String, Object> internal) {
    Map<String, String> metadata = new LinkedHashMap<>();
    if (internal.get("metadata") instanceof Map<?, ?> md) {
      md.forEach((k, v) -> metadata.put(String.valueOf(k), String.valueOf(v)));
    }
    return new LeaseData(text(internal, "token_id"), text(internal, "token_name"), text(internal, "role"),
        epochSeconds(internal.get("hard_end")), text(internal, "mount"), text(internal, "nonce"), metadata,
        text(internal, "entity_id"), text(internal, "display_name"), text(internal, "request_id"),
        text(internal, "environment_url"), text(internal, "credential_fingerprint"));
  }

  /** The Vault context the sidecar records with an action on this lease's token. */
  LeaseContext context() {
    return new LeaseContext(mount, role, entityId, displayName, requestId, tokenName, hardEnd, metadata);
  }

  /** True when the lease names the environment it was minted in (leases minted since that was recorded). */
  boolean knowsEnvironment() {
    return environmentUrl != null && !environmentUrl.isEmpty();
  }

  private static String text(Map<String, Object> m, String key) {
    Object v = m.get(key);
    return v == null ? null : String.valueOf(v);
  }

  private static Instant epochSeconds(Object raw) {
    if (raw == null) {
      return null;
    }
    try {
      long s = raw instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(raw).trim());
      return Instant.ofEpochSecond(s);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
