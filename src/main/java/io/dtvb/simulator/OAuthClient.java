package io.dtvb.simulator;

import java.util.Set;

/** An OAuth client registered in the simulated account: its id, secret, granted scopes and owner. */
record OAuthClient(String clientId, String clientSecret, Set<String> scopes, String owner) {
  OAuthClient {
    scopes = Set.copyOf(scopes);
  }

  @Override
  public String toString() {
    return "OAuthClient[clientId=" + clientId + ", scopes=" + scopes + "]";
  }
}
