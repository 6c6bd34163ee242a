package io.dtvb.sidecarapi;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * How the sidecar reaches one Dynatrace environment as the minter: the body of
 * {@code PUT /v1/connections/{id}} and of a candidate {@code verify}. Two independent sides: the
 * classic minter ({@code auth_mode} and its credential; {@code none} = no classic minter) mints
 * classic access tokens in the environment; the account side ({@code account_uuid} and the
 * account OAuth client) mints platform tokens through the Account Management API, restricted to
 * {@code environment_id}. {@code sso_url} serves both OAuth clients. Holds credentials, so
 * {@link #toString()} redacts them; {@link #fingerprint()} identifies the settings without them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConnectionSettings(
    @JsonProperty("environment_url") String environmentUrl,
    @JsonProperty("auth_mode") AuthMode authMode,
    @JsonProperty("api_token") String apiToken,
    @JsonProperty("oauth_client_id") String oauthClientId,
    @JsonProperty("oauth_client_secret") String oauthClientSecret,
    @JsonProperty("oauth_resource") String oauthResource,
    @JsonProperty("oauth_scope") String oauthScope,
    @JsonProperty("sso_url") String ssoUrl,
    @JsonProperty("platform_token") String platformToken,
    @JsonProperty("account_uuid") String accountUuid,
    @JsonProperty("account_api_url") String accountApiUrl,
    @JsonProperty("account_client_id") String accountClientId,
    @JsonProperty("account_client_secret") String accountClientSecret,
    @JsonProperty("account_scope") String accountScope,
    @JsonProperty("environment_id") String environmentId) {

  /** Settings without an account side (classic tokens only). */
  public ConnectionSettings(String environmentUrl, AuthMode authMode, String apiToken, String oauthClientId,
      String oauthClientSecret, String oauthResource, String oauthScope, String ssoUrl, String platformToken) {
    this(environmentUrl, authMode, apiToken, oauthClientId, oauthClientSecret, oauthResource, oauthScope, ssoUrl,
        platformToken, null, null, null, null, null, null);
  }

  /** True when the account side is set: platform tokens can be minted. */
  public boolean hasAccount() {
    return accountUuid != null && !accountUuid.isBlank();
  }

  /** True when a classic minter is set (auth_mode other than none). */
  public boolean hasClassicMinter() {
    return authMode != AuthMode.NONE;
  }

  /** How the minter authenticates to Dynatrace. */
  public enum AuthMode {
    API_TOKEN("api_token"),
    OAUTH("oauth"),
    PLATFORM_TOKEN("platform_token"),
    /** No classic minter: only platform tokens, through the account side. */
    NONE("none");

    private final String wireName;

    AuthMode(String wireName) {
      this.wireName = wireName;
    }

    /** The value of the {@code auth_mode} field. */
    @JsonValue
    public String wireName() {
      return wireName;
    }

    /** The mode for a field value, or null when the value names no mode. */
    public static AuthMode fromWire(String value) {
      for (AuthMode m : values()) {
        if (m.wireName.equals(value)) {
          return m;
        }
      }
      return null;
    }

    @JsonCreator
    static AuthMode parse(String value) {
      AuthMode m = fromWire(value);
      if (m == null) {
        throw new InvalidMessage("auth_mode", "must be api_token, oauth, platform_token or none");
      }
      return m;
    }
  }

  /** The credential of the selected mode (the secret the sidecar authenticates with). */
  public String credential() {
    if (authMode == null) {
      return null;
    }
    return switch (authMode) {
      case API_TOKEN -> apiToken;
      case OAUTH -> oauthClientSecret;
      case PLATFORM_TOKEN -> platformToken;
      case NONE -> null;
    };
  }

  /** Every secret these settings hold (for scrubbing messages that may echo one). */
  public List<String> secrets() {
    List<String> out = new ArrayList<>();
    for (String s : new String[] {apiToken, oauthClientSecret, platformToken, accountClientSecret}) {
      if (s != null && !s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * The fields that hold a control character (CR, LF, NUL, …), which no URL or credential may
   * contain: such a value is malformed input, refused before any network call.
   */
  public List<String> fieldsWithControlCharacters() {
    List<String> bad = new ArrayList<>();
    String[][] fields = {{"environment_url", environmentUrl}, {"api_token", apiToken},
        {"oauth_client_id", oauthClientId}, {"oauth_client_secret", oauthClientSecret},
        {"oauth_resource", oauthResource}, {"oauth_scope", oauthScope}, {"sso_url", ssoUrl},
        {"platform_token", platformToken}, {"account_uuid", accountUuid}, {"account_api_url", accountApiUrl},
        {"account_client_id", accountClientId}, {"account_client_secret", accountClientSecret},
        {"account_scope", accountScope}, {"environment_id", environmentId}};
    for (String[] f : fields) {
      if (Redaction.hasControlCharacter(f[1])) {
        bad.add(f[0]);
      }
    }
    return bad;
  }

  /**
   * "sha256:" and the hex SHA-256 of the settings' canonical JSON: equal settings, equal
   * fingerprints; the plugin sends it with every call so the sidecar can tell it holds other
   * (stale) settings and ask for a re-push.
   */
  public String fingerprint() {
    return sha256(new String(SidecarJson.write(this), StandardCharsets.UTF_8));
  }

  /** "sha256:" and the hex SHA-256 of the credential alone (what config reads show). */
  public String credentialFingerprint() {
    String c = credential();
    return c == null ? null : sha256(c);
  }

  /** "sha256:" and the hex SHA-256 of the account client secret, or null without an account side. */
  public String accountCredentialFingerprint() {
    return accountClientSecret == null || accountClientSecret.isEmpty() ? null : sha256(accountClientSecret);
  }

  /** "sha256:" and the hex SHA-256 of a value's UTF-8 bytes. */
  public static String sha256(String value) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }

  @Override
  public String toString() {
    return "ConnectionSettings[environmentUrl=" + environmentUrl + ", authMode=" + authMode
        + ", apiToken=" + redacted(apiToken) + ", oauthClientId=" + oauthClientId
        + ", oauthClientSecret=" + redacted(oauthClientSecret) + ", oauthResource=" + oauthResource
        + ", oauthScope=" + oauthScope + ", ssoUrl=" + ssoUrl
        + ", platformToken=" + redacted(platformToken) + ", accountUuid=" + accountUuid
        + ", accountApiUrl=" + accountApiUrl + ", accountClientId=" + accountClientId
        + ", accountClientSecret=" + redacted(accountClientSecret) + ", accountScope=" + accountScope
        + ", environmentId=" + environmentId + "]";
  }

  /** "<unset>" or "<redacted>": how a secret appears in a toString. */
  public static String redacted(String secret) {
    return secret == null || secret.isEmpty() ? "<unset>" : Redaction.MARK;
  }
}
