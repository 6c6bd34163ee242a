package io.dtvb.simulator;

import java.util.Set;

/** Who calls the Account Management API: the OAuth client, its subject user, and the granted scopes. */
record AccountCaller(String clientId, SimUser subject, Set<String> scopes) {
  AccountCaller {
    scopes = Set.copyOf(scopes);
  }
}
