package io.dtvb.dynatrace;

/**
 * How to reach one Dynatrace account's Account Management API (platform tokens, limits) and
 * authenticate as its OAuth client. Holds a secret: never log it ({@link #toString()} redacts it).
 *
 * <p>Authentication is the OAuth client-credentials grant at {@code ssoUrl} with
 * {@code grant_type=client_credentials}, {@code client_id}, {@code client_secret}, {@code scope} (space
 * separated) [documented] and {@code resource=urn:dtaccount:<accountUuid>} [field-reported: without
 * it every account call is refused with 403]. The bearer is then sent to
 * {@code accountApiUrl + "/iam/v1/accounts/" + accountUuid + …} [documented].
 *
 * <p>Which scopes the platform-token API needs is contradictory: the docs name
 * {@code account-idm-read account-idm-write}, the published spec and working field code
 * {@code platform-token:tokens:write platform-token:tokens:manage}. SSO rejects the whole grant when the
 * client lacks any one requested scope [field-reported], so the scope must be configurable.
 *
 * @param accountUuid the account's UUID (Account Management → account settings)
 * @param accountApiUrl base URL of the Account Management API; null or blank means {@link #DEFAULT_ACCOUNT_API_URL}
 * @param clientId the account OAuth client id ({@code dt0s02.…})
 * @param clientSecret the account OAuth client secret (never logged)
 * @param scope scopes to request, space separated; null or blank means {@link #DEFAULT_ACCOUNT_SCOPE}
 * @param ssoUrl the SSO token endpoint; null or blank means {@link DynatraceConnection#DEFAULT_SSO_URL}
 */
public record AccountConnection(
    String accountUuid, String accountApiUrl, String clientId, String clientSecret, String scope, String ssoUrl) {

  /** The Account Management API of Dynatrace SaaS [documented]. */
  public static final String DEFAULT_ACCOUNT_API_URL = "https://api.dynatrace.com";

  /**
   * The scopes requested by default: what field code mints and deletes platform tokens with
   * [field-reported; matches the published spec's {@code platform-token:tokens:manage}].
   */
  public static final String DEFAULT_ACCOUNT_SCOPE = "platform-token:tokens:write platform-token:tokens:manage";

  /** The scopes the per-endpoint docs name instead [documented]; configure them when the client holds these. */
  public static final String DOCUMENTED_ACCOUNT_SCOPE = "account-idm-read account-idm-write";

  /** The OAuth resource that selects an account [field-reported]. */
  public static final String RESOURCE_PREFIX = "urn:dtaccount:";

  /** Null or blank URL, scope and SSO URL become the defaults. */
  public AccountConnection {
    accountApiUrl = blank(accountApiUrl) ? DEFAULT_ACCOUNT_API_URL : accountApiUrl.trim();
    scope = blank(scope) ? DEFAULT_ACCOUNT_SCOPE : scope.trim();
    ssoUrl = blank(ssoUrl) ? DynatraceConnection.DEFAULT_SSO_URL : ssoUrl.trim();
  }

  /** A connection with the default API URL, scope and SSO URL. */
  public static AccountConnection of(String accountUuid, String clientId, String clientSecret) {
    return new AccountConnection(accountUuid, null, clientId, clientSecret, null, null);
  }

  /** The OAuth resource for this account: {@code urn:dtaccount:<accountUuid>}. */
  public String resource() {
    return RESOURCE_PREFIX + accountUuid;
  }

  /** Base URL of this account's endpoints, without a trailing slash: {@code …/iam/v1/accounts/<uuid>}. */
  String accountBaseUrl() {
    String base = accountApiUrl.endsWith("/") ? accountApiUrl.substring(0, accountApiUrl.length() - 1) : accountApiUrl;
    return base + "/iam/v1/accounts/" + accountUuid;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  @Override
  public String toString() {
    return "AccountConnection[accountUuid=" + accountUuid + ", accountApiUrl=" + accountApiUrl
        + ", clientId=" + clientId + ", clientSecret=" + (clientSecret == null ? "<unset>" : "<redacted>")
        + ", scope=" + scope + ", ssoUrl=" + ssoUrl + "]";
  }
}
