package io.dtvb.dynatrace;

/**
 * How to reach one Dynatrace environment and authenticate as the minter. Holds secrets: never log it
 * (toString redacts them).
 *
 * <ul>
 *   <li>{@code API_TOKEN}: {@code Authorization: Api-Token <apiToken>} against {@code environmentUrl + "/api/v2"}
 *       (classic SaaS host such as https://abc12345.live.dynatrace.com, or Managed https://host/e/ENV-ID).
 *   <li>{@code OAUTH}: client-credentials grant at {@code ssoUrl} (form: grant_type=client_credentials,
 *       client_id, client_secret, scope, resource), then {@code Authorization: Bearer <access_token>}
 *       against {@code environmentUrl + "/platform/classic/environment-api/v2"} (platform host such as
 *       https://abc12345.apps.dynatrace.com).
 * </ul>
 */
public record DynatraceConnection(
    String environmentUrl,
    AuthMode authMode,
    String apiToken,
    String oauthClientId,
    String oauthClientSecret,
    String oauthResource,
    String oauthScope,
    String ssoUrl) {

  /** The default SSO token endpoint of Dynatrace SaaS. */
  public static final String DEFAULT_SSO_URL = "https://sso.dynatrace.com/sso/oauth2/token";

  /** The OAuth scopes needed to manage classic access tokens through the platform proxy. */
  public static final String DEFAULT_OAUTH_SCOPE =
      "environment-api:api-tokens:read environment-api:api-tokens:write";

  /** Credential modes. */
  public enum AuthMode {
    API_TOKEN,
    OAUTH
  }

  /** Base URL of the v2 environment API for this connection's mode, without a trailing slash. */
  public String apiBaseUrl() {
    String base = environmentUrl.endsWith("/")
        ? environmentUrl.substring(0, environmentUrl.length() - 1) : environmentUrl;
    return authMode == AuthMode.OAUTH ? base + "/platform/classic/environment-api/v2" : base + "/api/v2";
  }

  @Override
  public String toString() {
    return "DynatraceConnection[environmentUrl=" + environmentUrl + ", authMode=" + authMode
        + ", oauthClientId=" + oauthClientId + ", oauthResource=" + oauthResource + "]";
  }
}
