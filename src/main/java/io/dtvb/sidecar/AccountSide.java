package io.dtvb.sidecar;

import io.dtvb.dynatrace.AccountConnection;
import io.dtvb.dynatrace.PlatformTokenApi;
import io.dtvb.sidecarapi.AccountInfo;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A connection's account side: the Account Management client that mints its platform tokens, the
 * resource they are restricted to ({@code urn:dtenvironment:<id>}), and what the sidecar knows
 * of the account's per-owner caps — the limits (read at verify and refreshed) and each owner's
 * token count (from a listing, kept current with the sidecar's own mints and deletes in between).
 */
final class AccountSide {
  private final AccountConnection connection;
  private final PlatformTokenApi api;
  private final String environmentId;
  private java.util.List<AccountInfo.Limit> limits;
  private Instant limitsCheckedAt;
  private final Map<String, Integer> ownerCounts = new HashMap<>();
  private final Map<String, Boolean> serviceOwners = new HashMap<>();
  private Instant countsReadAt;
  /** The owner of each platform token minted here and not yet deleted (to count its delete). */
  private final Map<String, String> ownerOf = new HashMap<>();

  AccountSide(AccountConnection connection, PlatformTokenApi api, String environmentId) {
    this.connection = connection;
    this.api = api;
    this.environmentId = environmentId;
  }

  AccountConnection connection() {
    return connection;
  }

  PlatformTokenApi api() {
    return api;
  }

  /** The resource every platform token of this connection is restricted to. */
  String resource() {
    return "urn:dtenvironment:" + environmentId;
  }

  /** Keeps a verify's answer (and its limits, when it could read them). */
  synchronized void checked(AccountInfo info, Instant at) {
    limitsRead(info.limits(), at);
  }

  /** Keeps a read of the limits; null (unreadable) keeps the last known ones. */
  synchronized void limitsRead(java.util.List<AccountInfo.Limit> read, Instant at) {
    if (read != null) {
      limits = java.util.List.copyOf(read);
    }
    limitsCheckedAt = at;
  }

  /** The cap of a limit type as last read, or null when unknown. */
  synchronized Long cap(String type) {
    return limits == null ? null : new AccountInfo(null, null, null, null, limits, null).cap(type);
  }

  synchronized boolean limitsFresh(Instant now, java.time.Duration ttl) {
    return limitsCheckedAt != null && now.isBefore(limitsCheckedAt.plus(ttl));
  }

  synchronized boolean countsFresh(Instant now, java.time.Duration ttl) {
    return countsReadAt != null && now.isBefore(countsReadAt.plus(ttl));
  }

  /** Replaces the per-owner counts with a fresh listing's. */
  synchronized void counted(Map<String, Integer> counts, Map<String, Boolean> service, Instant at) {
    ownerCounts.clear();
    ownerCounts.putAll(counts);
    serviceOwners.clear();
    serviceOwners.putAll(service);
    countsReadAt = at;
  }

  synchronized int count(String owner) {
    return ownerCounts.getOrDefault(owner, 0);
  }

  /** True when the listing showed the owner is a service user; null when it did not say. */
  synchronized Boolean serviceUser(String owner) {
    return serviceOwners.get(owner);
  }

  /** Counts a mint (+1) or a delete (-1) of the owner's token since the listing. */
  synchronized void adjust(String owner, int delta) {
    if (owner != null) {
      ownerCounts.merge(owner, delta, (a, b) -> Math.max(0, a + b));
    }
  }

  /** Remembers the owner of a token minted here (its slot was reserved). */
  synchronized void minted(String tokenId, String owner) {
    if (owner != null) {
      ownerOf.put(tokenId, owner);
    }
  }

  /** Frees the slot of a deleted token minted here (others are seen at the next listing). */
  synchronized void deleted(String tokenId) {
    adjust(ownerOf.remove(tokenId), -1);
  }

  /** Takes one slot of the owner's cap if a slot is free; false when the owner holds {@code cap}. */
  synchronized boolean reserve(String owner, long cap) {
    int now = ownerCounts.getOrDefault(owner, 0);
    if (now >= cap) {
      return false;
    }
    ownerCounts.put(owner, now + 1);
    return true;
  }
}
