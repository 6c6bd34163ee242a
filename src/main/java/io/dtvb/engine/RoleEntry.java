package io.dtvb.engine;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stored role ({@code role/<name>}): the scopes to mint, the lease limits (whole seconds), how
 * token names are made, the metadata copied into each lease, which scopes a request may narrow
 * to, and the quota of live tokens (0 = no quota).
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
    @JsonProperty("max_active_tokens") long maxActiveTokens) {

  /** The value of {@code allowed_request_scopes} that allows any subset of the role's scopes. */
  static final String ANY_SCOPE = "*";

  RoleEntry {
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
    nameTemplate = nameTemplate == null || nameTemplate.isEmpty() ? NameTemplate.DEFAULT : nameTemplate;
    metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    allowedRequestScopes = allowedRequestScopes == null ? List.of() : List.copyOf(allowedRequestScopes);
  }

  /** A role with only scopes and lease limits set (the rest at their defaults). */
  RoleEntry(List<String> scopes, long ttlSeconds, long maxTtlSeconds, boolean personalAccessToken) {
    this(scopes, ttlSeconds, maxTtlSeconds, personalAccessToken, null, null, null, 0);
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

  /** What a read shows (TTLs in seconds, as Vault's own engines answer). */
  Map<String, Object> view() {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("scopes", scopes);
    view.put("ttl", ttlSeconds);
    view.put("max_ttl", maxTtlSeconds);
    view.put("personal_access_token", personalAccessToken);
    view.put("name_template", nameTemplate);
    view.put("metadata", metadata);
    view.put("allowed_request_scopes", allowedRequestScopes);
    view.put("max_active_tokens", maxActiveTokens);
    return view;
  }
}
