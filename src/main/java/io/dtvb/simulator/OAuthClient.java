package io.dtvb.simulator;

import java.util.Set;

/**
 * An OAuth client registered in the simulated account.
 *
 * @param owner the identity that owns what the client creates (classic tokens: the client id for the
 *     environment client; the subject user's e-mail for account clients)
 * @param subjectUuid UUID of the client's subject user, put in the bearer's {@code sub} claim; null =
 *     {@code sub} is the client id (the environment client, as before)
 * @param defaultResource the grant's resource when the request names none; null = the bearer carries
 *     no resource (Account Management then answers 403, as field-reported)
 */
record OAuthClient(String clientId, String clientSecret, Set<String> scopes, String owner,
    String subjectUuid, String defaultResource) {
  OAuthClient {
    scopes = Set.copyOf(scopes);
  }

  @Override
  public String toString() {
    return "OAuthClient[clientId=" + clientId + ", scopes=" + scopes + "]";
  }
}
