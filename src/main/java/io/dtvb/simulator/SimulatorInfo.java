package io.dtvb.simulator;

import io.vertx.core.json.JsonObject;

/**
 * Where a running simulator listens and the credentials it was seeded with: an admin access token
 * holding apiTokens.read + apiTokens.write; the environment OAuth client holding the token-API scopes;
 * a platform token ({@code dt0s16.…}) holding the same OAuth-style scopes; and the account OAuth client
 * (scopes {@code platform-token:tokens:write platform-token:tokens:manage account-idm-read
 * account-idm-write}, subject user = a service user) for the Account Management API at
 * {@code accountApiUrl + "/iam/v1/accounts/" + accountUuid}, with two further service users it may
 * mint platform tokens for.
 * Holds secrets: {@link #toString()} redacts them; {@link #toJson()} prints them (test tool only).
 */
public record SimulatorInfo(
    String url,
    String environmentId,
    String apiToken,
    String apiTokenId,
    String oauthClientId,
    String oauthClientSecret,
    String oauthResource,
    String ssoUrl,
    String classicApi,
    String platformApi,
    String managedApi,
    String platformToken,
    String platformTokenId,
    String accountUuid,
    String accountApiUrl,
    String accountClientId,
    String accountClientSecret,
    String accountClientUserUuid,
    String serviceUserUuid,
    String serviceUser2Uuid) {

  /** The start-up line of the {@code simulator} command, snake_case, secrets included. */
  public JsonObject toJson() {
    return new JsonObject().put("url", url).put("environment_id", environmentId)
        .put("api_token", apiToken).put("api_token_id", apiTokenId)
        .put("oauth_client_id", oauthClientId).put("oauth_client_secret", oauthClientSecret)
        .put("oauth_resource", oauthResource).put("sso_url", ssoUrl).put("classic_api", classicApi)
        .put("platform_api", platformApi).put("managed_api", managedApi)
        .put("platform_token", platformToken).put("platform_token_id", platformTokenId)
        .put("account_uuid", accountUuid).put("account_api_url", accountApiUrl)
        .put("account_client_id", accountClientId).put("account_client_secret", accountClientSecret)
        .put("account_client_user_uuid", accountClientUserUuid)
        .put("service_user_uuid", serviceUserUuid).put("service_user_2_uuid", serviceUser2Uuid);
  }

  /** Environment URL for Managed-shaped clients ({@code url/e/<env-id>}). */
  public String managedEnvironmentUrl() {
    return url + "/e/" + environmentId;
  }

  /** {@code urn:dtaccount:<accountUuid>}, the {@code resource} of an account-API SSO grant. */
  public String accountUrn() {
    return "urn:dtaccount:" + accountUuid;
  }

  /** {@code urn:dtenvironment:<environmentId>}. */
  public String environmentUrn() {
    return "urn:dtenvironment:" + environmentId;
  }

  /** Base of the platform-tokens API: {@code accountApiUrl/iam/v1/accounts/<uuid>/platform-tokens}. */
  public String platformTokensApi() {
    return accountApiUrl + "/iam/v1/accounts/" + accountUuid + "/platform-tokens";
  }

  @Override
  public String toString() {
    return "SimulatorInfo[url=" + url + ", environmentId=" + environmentId + ", apiTokenId=" + apiTokenId
        + ", oauthClientId=" + oauthClientId + ", platformTokenId=" + platformTokenId
        + ", accountUuid=" + accountUuid + ", accountClientId=" + accountClientId
        + ", accountClientUserUuid=" + accountClientUserUuid + ", serviceUserUuid=" + serviceUserUuid
        + ", serviceUser2Uuid=" + serviceUser2Uuid + "]";
  }
}
