package io.dtvb.simulator;

/**
 * Credentials of an extra account OAuth client created by {@link DynatraceSimulator#addAccountClient}:
 * it holds the same scopes as the seeded account client, and its subject user is {@code userUuid}.
 * {@link #toString()} leaves the secret out.
 */
public record SimOAuthClient(String clientId, String clientSecret, String userUuid, String userEmail,
    boolean serviceUser) {
  @Override
  public String toString() {
    return "SimOAuthClient[clientId=" + clientId + ", userUuid=" + userUuid + ", userEmail=" + userEmail
        + ", serviceUser=" + serviceUser + "]";
  }
}
