package io.dtvb.engine;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A stored role ({@code role/<name>}): the scopes to mint and the lease limits, TTLs in whole seconds. */
@JsonIgnoreProperties(ignoreUnknown = true)
record RoleEntry(
    @JsonProperty("scopes") List<String> scopes,
    @JsonProperty("ttl") long ttlSeconds,
    @JsonProperty("max_ttl") long maxTtlSeconds,
    @JsonProperty("personal_access_token") boolean personalAccessToken) {

  RoleEntry {
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
  }

  Duration ttl() {
    return Duration.ofSeconds(ttlSeconds);
  }

  Duration maxTtl() {
    return Duration.ofSeconds(maxTtlSeconds);
  }

  /** What a read shows (TTLs in seconds, as Vault's own engines answer). */
  Map<String, Object> view() {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("scopes", scopes);
    view.put("ttl", ttlSeconds);
    view.put("max_ttl", maxTtlSeconds);
    view.put("personal_access_token", personalAccessToken);
    return view;
  }
}
