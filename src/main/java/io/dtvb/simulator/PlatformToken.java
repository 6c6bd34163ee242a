package io.dtvb.simulator;

import java.time.Instant;
import java.util.List;

/**
 * A Dynatrace platform token ({@code dt0s16.…}) as the simulator stores it: public id, hash of the
 * secret (never the secret), its owner (e-mail, and the user's UUID when it was minted through the
 * Account Management API), who minted it, its platform scopes, the resources it applies to, tags,
 * status, dates and last use.
 *
 * @param owner e-mail of the owning user ({@code <uuid>@service.sso.dynatrace.com} for service users)
 * @param ownerUuid UUID of the owning user; null for tokens seeded by the simulator's test hooks
 * @param createdBy e-mail of the user behind the OAuth client that minted it
 * @param resource URNs the token applies to ({@code urn:dtaccount:<uuid>} = every environment)
 * @param expirationDate null = never expires
 * @param accountManaged whether it was minted through the Account Management API (only those are
 *     listed, counted and managed there)
 */
record PlatformToken(String id, String secretHash, String name, String owner, String ownerUuid,
    String createdBy, List<String> scopes, List<String> resource, List<String> tags, Status status,
    Instant creationDate, Instant updatedAt, Instant expirationDate, Instant lastUsedAt,
    String lastClientIp, boolean accountManaged) {

  /** The stored status; expiry is not a status (an expired token still reads ACTIVE). */
  enum Status {
    ACTIVE,
    INACTIVE
  }

  PlatformToken {
    scopes = List.copyOf(scopes);
    resource = List.copyOf(resource);
    tags = List.copyOf(tags);
  }

  /** Whether the token is past its expiration date at {@code now}. */
  boolean expiredAt(Instant now) {
    return expirationDate != null && !now.isBefore(expirationDate);
  }

  /** Whether {@code resource} covers the environment (its own URN or the account's URN). */
  boolean covers(String environmentUrn, String accountUrn) {
    return resource.contains(environmentUrn) || resource.contains(accountUrn);
  }

  PlatformToken withExpiration(Instant value, Instant now) {
    return new PlatformToken(id, secretHash, name, owner, ownerUuid, createdBy, scopes, resource, tags,
        status, creationDate, now, value, lastUsedAt, lastClientIp, accountManaged);
  }

  PlatformToken withStatus(Status value, Instant now) {
    return new PlatformToken(id, secretHash, name, owner, ownerUuid, createdBy, scopes, resource, tags,
        value, creationDate, now, expirationDate, lastUsedAt, lastClientIp, accountManaged);
  }

  PlatformToken withUse(Instant now, String ip) {
    return new PlatformToken(id, secretHash, name, owner, ownerUuid, createdBy, scopes, resource, tags,
        status, creationDate, updatedAt, expirationDate, now, ip, accountManaged);
  }

  @Override
  public String toString() {
    return "PlatformToken[id=" + id + ", owner=" + owner + ", scopes=" + scopes + ", status=" + status + "]";
  }
}
