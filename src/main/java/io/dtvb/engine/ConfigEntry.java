package io.dtvb.engine;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dtvb.sidecarapi.ConnectionSettings;
import java.util.LinkedHashMap;
import java.util.Map;

/** The stored {@code config} entry: field names equal the Vault field names; holds secrets. */
@JsonIgnoreProperties(ignoreUnknown = true)
record ConfigEntry(
    @JsonProperty("environment_url") String environmentUrl,
    @JsonProperty("auth_mode") String authMode,
    @JsonProperty("api_token") String apiToken,
    @JsonProperty("oauth_client_id") String oauthClientId,
    @JsonProperty("oauth_client_secret") String oauthClientSecret,
    @JsonProperty("oauth_resource") String oauthResource,
    @JsonProperty("oauth_scope") String oauthScope,
    @JsonProperty("sso_url") String ssoUrl,
    @JsonProperty("platform_token") String platformToken,
    @JsonProperty("allow_http_loopback") boolean allowHttpLoopback,
    @JsonProperty("sidecar_url") String sidecarUrl,
    @JsonProperty("sidecar_ca_pem") String sidecarCaPem,
    @JsonProperty("sidecar_client_cert_pem") String sidecarClientCertPem,
    @JsonProperty("sidecar_client_key_pem") String sidecarClientKeyPem,
    @JsonProperty("tidy_interval") long tidyIntervalSeconds,
    @JsonProperty("rotate_before") long rotateBeforeSeconds) {

  /** This configuration with another minter token (rotate-root). */
  ConfigEntry withApiToken(String token) {
    return new ConfigEntry(environmentUrl, authMode, token, oauthClientId, oauthClientSecret, oauthResource,
        oauthScope, ssoUrl, platformToken, allowHttpLoopback, sidecarUrl, sidecarCaPem, sidecarClientCertPem,
        sidecarClientKeyPem, tidyIntervalSeconds, rotateBeforeSeconds);
  }

  ConnectionSettings.AuthMode mode() {
    return ConnectionSettings.AuthMode.fromWire(authMode);
  }

  /** The settings the sidecar needs; only the credentials of the selected mode travel. */
  ConnectionSettings settings() {
    ConnectionSettings.AuthMode mode = mode();
    boolean oauth = mode == ConnectionSettings.AuthMode.OAUTH;
    boolean platform = mode == ConnectionSettings.AuthMode.PLATFORM_TOKEN;
    boolean classic = mode == ConnectionSettings.AuthMode.API_TOKEN;
    return new ConnectionSettings(environmentUrl, mode, classic ? apiToken : null,
        oauth ? oauthClientId : null, oauth ? oauthClientSecret : null,
        oauth ? oauthResource : null, oauth ? oauthScope : null, oauth ? ssoUrl : null,
        platform ? platformToken : null);
  }

  /** The values of {@link ConfigRules#DESTINATION_FIELDS}, normalized for comparison. */
  Map<String, Object> destination() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("environment_url", environmentUrl == null ? null : Environments.normal(environmentUrl));
    m.put("sso_url", ssoUrl == null ? null : Environments.normal(ssoUrl));
    m.put("oauth_resource", oauthResource);
    m.put("sidecar_url", sidecarUrl == null ? null : Environments.normal(sidecarUrl));
    m.put("sidecar_ca_pem", sidecarCaPem == null ? null : sidecarCaPem.strip());
    m.put("auth_mode", authMode);
    return m;
  }

  SidecarEndpoint endpoint() {
    return new SidecarEndpoint(sidecarUrl, sidecarCaPem, sidecarClientCertPem, sidecarClientKeyPem);
  }

  /** What a read shows: every non-secret field, and fingerprints in place of secrets. */
  Map<String, Object> readView() {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("environment_url", environmentUrl);
    view.put("auth_mode", authMode);
    putFingerprint(view, "api_token_fingerprint", apiToken);
    view.put("oauth_client_id", orEmpty(oauthClientId));
    putFingerprint(view, "oauth_client_secret_fingerprint", oauthClientSecret);
    view.put("oauth_resource", orEmpty(oauthResource));
    view.put("oauth_scope", orEmpty(oauthScope));
    view.put("sso_url", orEmpty(ssoUrl));
    putFingerprint(view, "platform_token_fingerprint", platformToken);
    view.put("allow_http_loopback", allowHttpLoopback);
    view.put("sidecar_url", sidecarUrl);
    view.put("sidecar_ca_pem", sidecarCaPem);
    view.put("sidecar_client_cert_pem", sidecarClientCertPem);
    putFingerprint(view, "sidecar_client_key_fingerprint", sidecarClientKeyPem);
    view.put("tidy_interval", tidyIntervalSeconds);
    view.put("rotate_before", rotateBeforeSeconds);
    return view;
  }

  /** "sha256:" and the hex SHA-256 of the value's UTF-8 bytes. */
  static String fingerprint(String secret) {
    return ConnectionSettings.sha256(secret);
  }

  /** Every secret this configuration holds (for scrubbing messages that may echo one). */
  java.util.List<String> secrets() {
    java.util.List<String> out = new java.util.ArrayList<>(settings().secrets());
    for (String s : new String[] {apiToken, oauthClientSecret, platformToken, sidecarClientKeyPem}) {
      if (s != null && !s.isEmpty() && !out.contains(s)) {
        out.add(s);
      }
    }
    return out;
  }

  private static void putFingerprint(Map<String, Object> view, String key, String secret) {
    if (secret != null && !secret.isEmpty()) {
      view.put(key, fingerprint(secret));
    }
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  @Override
  public String toString() {
    return "ConfigEntry[environmentUrl=" + environmentUrl + ", authMode=" + authMode
        + ", sidecarUrl=" + sidecarUrl + "]";
  }
}
