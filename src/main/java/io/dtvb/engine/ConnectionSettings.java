package io.dtvb.engine;

/**
 * How the sidecar reaches one Dynatrace environment as the minter; holds credentials, so
 * {@link #toString()} redacts them.
 */
public record ConnectionSettings(
    String environmentUrl,
    AuthMode authMode,
    String apiToken,
    String oauthClientId,
    String oauthClientSecret,
    String oauthResource,
    String oauthScope,
    String ssoUrl,
    String platformToken) {

  /** How the minter authenticates to Dynatrace. */
  public enum AuthMode {
    API_TOKEN("api_token"),
    OAUTH("oauth"),
    PLATFORM_TOKEN("platform_token");

    private final String wireName;

    AuthMode(String wireName) {
      this.wireName = wireName;
    }

    /** The value of the {@code auth_mode} field. */
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
  }

  @Override
  public String toString() {
    return "ConnectionSettings[environmentUrl=" + environmentUrl + ", authMode=" + authMode
        + ", apiToken=" + redacted(apiToken) + ", oauthClientId=" + oauthClientId
        + ", oauthClientSecret=" + redacted(oauthClientSecret) + ", oauthResource=" + oauthResource
        + ", oauthScope=" + oauthScope + ", ssoUrl=" + ssoUrl
        + ", platformToken=" + redacted(platformToken) + "]";
  }

  static String redacted(String secret) {
    return secret == null || secret.isEmpty() ? "<unset>" : "<redacted>";
  }
}
