package io.dtvb.engine;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.dtvb.sidecarapi.LeaseContext;
import io.dtvb.sidecarapi.SidecarJson;
import io.dtvb.sidecarapi.TokenType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A lease's internal data (what Vault keeps with the lease and hands back at renew and revoke):
 * the sidecar's {@link LeaseContext} (mount, role, who asked, the token's unique name, the fixed
 * hard end, the role's metadata, the token's type: leases from before platform tokens have none
 * and read as classic) plus what only the engine needs — the token id, the name's
 * nonce, and the environment and credential fingerprint the token was minted with. The one
 * mapping to and from Vault's map: the context's fields are mapped by their contract names, so a
 * field added to {@link LeaseContext} is kept in every lease without touching this class. Never
 * a secret.
 */
record LeaseData(String tokenId, String nonce, String environmentUrl, String credentialFingerprint,
    LeaseContext context) {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final String HARD_END = "hard_end";
  private static final String TOKEN_TYPE = "token_type";
  /** The contract's mapping, tolerant of the engine's own keys in the same map. */
  private static final ObjectMapper CONTEXT_READER = SidecarJson.mapper().copy()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  /** The JSON names of the context's fields, as the contract maps them. */
  private static final List<String> CONTEXT_KEYS = SidecarJson.mapper().getSerializationConfig()
      .introspect(SidecarJson.mapper().constructType(LeaseContext.class)).findProperties().stream()
      .map(BeanPropertyDefinition::getName).toList();

  LeaseData {
    context = context == null ? LeaseContext.ofName(null, null, null) : context;
  }

  /**
   * The internal data as Vault stores it: the context's fields under their contract names, but
   * hard_end in epoch seconds (a JSON number, as leases have always carried it).
   */
  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("token_id", tokenId);
    m.putAll(SidecarJson.mapper().convertValue(context, MAP));
    m.put(HARD_END, context.hardEnd() == null ? null : context.hardEnd().getEpochSecond());
    m.put("nonce", nonce);
    m.put("environment_url", environmentUrl);
    m.put("credential_fingerprint", credentialFingerprint);
    return m;
  }

  /**
   * Reads internal data as Vault hands it back (numbers may arrive as floats or text). Missing
   * keys are null: leases minted before a key existed keep working (environment_url and
   * credential_fingerprint are null for them); an unreadable hard_end is null.
   */
  static LeaseData from(Map<String, Object> internal) {
    Map<String, Object> context = new LinkedHashMap<>();
    for (String key : CONTEXT_KEYS) {
      Object v = internal.get(key);
      if (v == null) {
        continue;
      }
      if (key.equals(HARD_END)) {
        Instant end = epochSeconds(v);
        context.put(key, end == null ? null : end.toString());
      } else if (key.equals(TOKEN_TYPE)) {
        // written by this engine; an unreadable value falls back to what the token id says
        TokenType type = TokenType.fromWire(String.valueOf(v));
        context.put(key, (type != null ? type : TokenType.ofTokenId(text(internal, "token_id"))).wire());
      } else if (v instanceof Map<?, ?> m) {
        Map<String, String> strings = new LinkedHashMap<>();
        m.forEach((k, val) -> strings.put(String.valueOf(k), String.valueOf(val)));
        context.put(key, strings);
      } else {
        context.put(key, String.valueOf(v));
      }
    }
    return new LeaseData(text(internal, "token_id"), text(internal, "nonce"), text(internal, "environment_url"),
        text(internal, "credential_fingerprint"), CONTEXT_READER.convertValue(context, LeaseContext.class));
  }

  /** This lease with its token id (known once Dynatrace answered) and, if Dynatrace cut it short, its hard end. */
  LeaseData minted(String id, Instant hardEnd) {
    LeaseContext c = context;
    return new LeaseData(id, nonce, environmentUrl, credentialFingerprint, new LeaseContext(c.mount(), c.role(),
        c.entityId(), c.displayName(), c.requestId(), c.tokenName(), hardEnd, c.metadata(), c.tokenType()));
  }

  String tokenName() {
    return context.tokenName();
  }

  String role() {
    return context.role();
  }

  Instant hardEnd() {
    return context.hardEnd();
  }

  Map<String, String> metadata() {
    return context.metadata();
  }

  String entityId() {
    return context.entityId();
  }

  String displayName() {
    return context.displayName();
  }

  String requestId() {
    return context.requestId();
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
    try {
      long s = raw instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(raw).trim());
      return Instant.ofEpochSecond(s);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
