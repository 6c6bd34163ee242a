package io.dtvb.engine;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dtvb.sidecarapi.TokenType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stored role ({@code role/<name>}): the scopes to mint, the lease limits (whole seconds), how
 * token names are made, the metadata copied into each lease, which scopes a request may narrow
 * to, the quota of live tokens (0 = no quota), the kind of token (classic access token or
 * platform token; roles stored before platform tokens existed are classic) and, for platform
 * tokens, the service user who owns them (null: the account OAuth client's own user).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record RoleEntry(
    @JsonProperty("scopes") List<String> scopes,
    @JsonProperty("ttl") long ttlSeconds,
    @JsonProperty("max_ttl") long maxTtlSeconds,
    @JsonProperty("personal_access_token") boolean personalAccessToken,
    @JsonProperty("name_template") String nameTemplate,
    @JsonProperty("metadata") Map<String, String> metadata,
    @JsonProperty("allowed_request_scopes") List<String> allowedRequestScopes,
    @JsonProperty("max_active_tokens") long maxActiveTokens,
    @JsonProperty("token_type") TokenType tokenType,
    @JsonProperty("service_user") String serviceUser) {

  /** The value of {@code allowed_request_scopes} that allows any subset of the role's scopes. */
  static final String ANY_SCOPE = "*";

  RoleEntry {
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
    nameTemplate = nameTemplate == null || nameTemplate.isEmpty() ? NameTemplate.DEFAULT : nameTemplate;
    metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    allowedRequestScopes = allowedRequestScopes == null ? List.of() : List.copyOf(allowedRequestScopes);
    tokenType = TokenType.orClassic(tokenType);
    serviceUser = serviceUser == null || serviceUser.isEmpty() ? null : serviceUser;
  }

  /** A classic role (no token type or service user given). */
  RoleEntry(List<String> scopes, long ttlSeconds, long maxTtlSeconds, boolean personalAccessToken,
      String nameTemplate, Map<String, String> metadata, List<String> allowedRequestScopes, long maxActiveTokens) {
    this(scopes, ttlSeconds, maxTtlSeconds, personalAccessToken, nameTemplate, metadata, allowedRequestScopes,
        maxActiveTokens, TokenType.CLASSIC, null);
  }

  /** A role with only scopes and lease limits set (the rest at their defaults). */
  RoleEntry(List<String> scopes, long ttlSeconds, long maxTtlSeconds, boolean personalAccessToken) {
    this(scopes, ttlSeconds, maxTtlSeconds, personalAccessToken, null, null, null, 0, TokenType.CLASSIC, null);
  }

  Duration ttl() {
    return Duration.ofSeconds(ttlSeconds);
  }

  Duration maxTtl() {
    return Duration.ofSeconds(maxTtlSeconds);
  }

  /** True when a creds request may ask for this scope (it must also be one of the role's scopes). */
  boolean mayRequest(String scope) {
    return scopes.contains(scope)
        && (allowedRequestScopes.contains(ANY_SCOPE) || allowedRequestScopes.contains(scope));
  }

  /** True when the role mints platform tokens. */
  boolean platform() {
    return tokenType == TokenType.PLATFORM;
  }

  /** What a read shows (TTLs in seconds, as Vault's own engines answer). */
  Map<String, Object> view() {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("token_type", tokenType.wire());
    view.put("scopes", scopes);
    view.put("ttl", ttlSeconds);
    view.put("max_ttl", maxTtlSeconds);
    view.put("personal_access_token", personalAccessToken);
    view.put("name_template", nameTemplate);
    view.put("metadata", metadata);
    view.put("allowed_request_scopes", allowedRequestScopes);
    view.put("max_active_tokens", maxActiveTokens);
    view.put("service_user", serviceUser == null ? "" : serviceUser);
    return view;
  }
}
