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
 *   <li>{@code PLATFORM_TOKEN}: a Dynatrace platform token ({@code dt0s16.<public>.<secret>}) sent as a
 *       static {@code Authorization: Bearer <platformToken>} against the same platform proxy path as
 *       {@code OAUTH}; no SSO call and no refresh (a 401 is final).
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
    String ssoUrl,
    String platformToken) {

  /** The default SSO token endpoint of Dynatrace SaaS. */
  public static final String DEFAULT_SSO_URL = "https://sso.dynatrace.com/sso/oauth2/token";

  /** The OAuth scopes needed to manage classic access tokens through the platform proxy. */
  public static final String DEFAULT_OAUTH_SCOPE =
      "environment-api:api-tokens:read environment-api:api-tokens:write";

  /** The prefix of Dynatrace platform tokens. */
  public static final String PLATFORM_TOKEN_PREFIX = "dt0s16.";

  /** Credential modes. */
  public enum AuthMode {
    API_TOKEN,
    OAUTH,
    PLATFORM_TOKEN
  }

  /** Base URL of the v2 environment API for this connection's mode, without a trailing slash. */
  public String apiBaseUrl() {
    String base = environmentUrl.endsWith("/")
        ? environmentUrl.substring(0, environmentUrl.length() - 1) : environmentUrl;
    return authMode == AuthMode.API_TOKEN ? base + "/api/v2" : base + "/platform/classic/environment-api/v2";
  }

  /**
   * The public id of the platform token (its first two dot-separated parts, e.g. {@code dt0s16.ABCD1234}),
   * or null when there is none or it does not have the three-part shape (so no secret can leak).
   */
  public String platformTokenId() {
    return publicId(platformToken);
  }

  /** The first two dot-separated parts of a three-part token, else null. */
  static String publicId(String token) {
    if (token == null) {
      return null;
    }
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    return second < 0 ? null : token.substring(0, second);
  }

  @Override
  public String toString() {
    return "DynatraceConnection[environmentUrl=" + environmentUrl + ", authMode=" + authMode
        + ", oauthClientId=" + oauthClientId + ", oauthResource=" + oauthResource
        + ", platformToken=" + (platformToken == null ? "<unset>" : "<redacted>") + "]";
  }
}
