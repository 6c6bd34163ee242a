package io.dtvb.simulator;

import io.vertx.core.json.JsonObject;

/**
 * Where a running simulator listens and the credentials it was seeded with (an admin access token
 * holding apiTokens.read + apiTokens.write, an OAuth client holding the token-API scopes, and a
 * platform token ({@code dt0s16.…}) holding the same OAuth-style scopes).
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
    String platformTokenId) {

  /** The start-up line of the {@code simulator} command, snake_case, secrets included. */
  public JsonObject toJson() {
    return new JsonObject().put("url", url).put("environment_id", environmentId)
        .put("api_token", apiToken).put("api_token_id", apiTokenId)
        .put("oauth_client_id", oauthClientId).put("oauth_client_secret", oauthClientSecret)
        .put("oauth_resource", oauthResource).put("sso_url", ssoUrl).put("classic_api", classicApi)
        .put("platform_api", platformApi).put("managed_api", managedApi)
        .put("platform_token", platformToken).put("platform_token_id", platformTokenId);
  }

  /** Environment URL for Managed-shaped clients ({@code url/e/<env-id>}). */
  public String managedEnvironmentUrl() {
    return url + "/e/" + environmentId;
  }

  @Override
  public String toString() {
    return "SimulatorInfo[url=" + url + ", environmentId=" + environmentId + ", apiTokenId=" + apiTokenId
        + ", oauthClientId=" + oauthClientId + ", platformTokenId=" + platformTokenId + "]";
  }
}
