package io.dtvb.engine;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dtvb.sidecarapi.ConnectionSettings;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stored {@code config} entry: field names equal the Vault field names; holds secrets. Two
 * sides: the classic minter ({@code auth_mode} and its credential; {@code none} = no classic
 * minter) and the account side for platform tokens ({@code account_*}, {@code environment_id};
 * its defaults and rules are {@link AccountConfig}'s).
 */
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
    @JsonProperty("rotate_before") long rotateBeforeSeconds,
    @JsonProperty("account_uuid") String accountUuid,
    @JsonProperty("account_client_id") String accountClientId,
    @JsonProperty("account_client_secret") String accountClientSecret,
    @JsonProperty("account_scope") String accountScope,
    @JsonProperty("account_api_url") String accountApiUrl,
    @JsonProperty("environment_id") String environmentId) {

  /** This configuration with another minter token (rotate-root). */
  ConfigEntry withApiToken(String token) {
    return new ConfigEntry(environmentUrl, authMode, token, oauthClientId, oauthClientSecret, oauthResource,
        oauthScope, ssoUrl, platformToken, allowHttpLoopback, sidecarUrl, sidecarCaPem, sidecarClientCertPem,
        sidecarClientKeyPem, tidyIntervalSeconds, rotateBeforeSeconds, accountUuid, accountClientId,
        accountClientSecret, accountScope, accountApiUrl, environmentId);
  }

  /** True when the account side is configured: platform tokens can be minted. */
  boolean hasAccount() {
    return accountUuid != null && !accountUuid.isBlank();
  }

  /** True when a classic minter is configured (auth_mode other than none). */
  boolean hasClassicMinter() {
    return mode() != ConnectionSettings.AuthMode.NONE;
  }

  ConnectionSettings.AuthMode mode() {
    return ConnectionSettings.AuthMode.fromWire(authMode);
  }

  /**
   * The settings the sidecar needs: only the credential of the selected mode travels, and the
   * account side (with its effective defaults and the resolved environment_id) only when set;
   * sso_url goes along when the oauth mode or the account side uses it.
   */
  ConnectionSettings settings() {
    ConnectionSettings.AuthMode mode = mode();
    boolean oauth = mode == ConnectionSettings.AuthMode.OAUTH;
    boolean platform = mode == ConnectionSettings.AuthMode.PLATFORM_TOKEN;
    boolean classic = mode == ConnectionSettings.AuthMode.API_TOKEN;
    boolean account = hasAccount();
    return new ConnectionSettings(environmentUrl, mode, classic ? apiToken : null,
        oauth ? oauthClientId : null, oauth ? oauthClientSecret : null,
        oauth ? oauthResource : null, oauth ? oauthScope : null, oauth || account ? ssoUrl : null,
        platform ? platformToken : null, account ? accountUuid : null,
        account ? AccountConfig.apiUrl(this) : null, account ? accountClientId : null,
        account ? accountClientSecret : null, account ? AccountConfig.scope(this) : null,
        account ? AccountConfig.environmentId(this) : null);
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
    view.put("account_uuid", orEmpty(accountUuid));
    view.put("account_client_id", orEmpty(accountClientId));
    putFingerprint(view, "account_client_secret_fingerprint", accountClientSecret);
    view.put("account_scope", AccountConfig.scope(this));
    view.put("account_api_url", AccountConfig.apiUrl(this));
    view.put("environment_id", orEmpty(AccountConfig.environmentId(this)));
    return view;
  }

  /** "sha256:" and the hex SHA-256 of the value's UTF-8 bytes. */
  static String fingerprint(String secret) {
    return ConnectionSettings.sha256(secret);
  }

  /** Every secret this configuration holds (for scrubbing messages that may echo one). */
  java.util.List<String> secrets() {
    java.util.List<String> out = new java.util.ArrayList<>(settings().secrets());
    for (String s : new String[] {apiToken, oauthClientSecret, platformToken, accountClientSecret,
        sidecarClientKeyPem}) {
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
        + ", accountUuid=" + accountUuid + ", sidecarUrl=" + sidecarUrl + "]";
  }
}
