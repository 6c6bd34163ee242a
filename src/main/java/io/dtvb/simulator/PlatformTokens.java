package io.dtvb.simulator;

import io.vertx.core.json.JsonArray;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The platform tokens of the simulated account, in creation order. Two kinds share the table:
 * tokens minted through the Account Management API ({@link #mint}, listed, counted and managed there)
 * and tokens seeded by the simulator's test hooks ({@link #issue}: the start-up token,
 * {@code /_sim/platform-tokens}), which are credentials only. The platform proxy accepts both as
 * {@code Bearer}. Only hashes of the secrets are kept; a deleted token is removed.
 */
final class PlatformTokens {
  /** What the Account Management API asks to mint. */
  record Draft(String name, String owner, String ownerUuid, String createdBy, List<String> scopes,
      List<String> resource, List<String> tags, Instant expirationDate) {}

  private final Map<String, PlatformToken> byId = new LinkedHashMap<>();
  private final Map<String, String> idByHash = new HashMap<>();
  private final SimClock clock;
  private final String accountUrn;

  PlatformTokens(SimClock clock, String accountUrn) {
    this.clock = clock;
    this.accountUrn = accountUrn;
  }

  /**
   * Seeds a credential-only platform token (resource = the whole account) and returns its secret (the
   * only time it is available).
   */
  IssuedToken issue(String name, String owner, Collection<String> scopes, Instant expirationDate) {
    return add(new Draft(name, owner, null, owner, List.copyOf(scopes), List.of(accountUrn), List.of(),
        expirationDate), false);
  }

  /** Mints an Account Management token (validation and caps are the caller's business). */
  IssuedToken mint(Draft draft) {
    return add(draft, true);
  }

  private synchronized IssuedToken add(Draft d, boolean accountManaged) {
    String secret = TokenSecrets.newPlatformToken();
    while (byId.containsKey(TokenSecrets.idOf(secret))) {
      secret = TokenSecrets.newPlatformToken();
    }
    String id = TokenSecrets.idOf(secret);
    String hash = TokenSecrets.hash(secret);
    Instant now = clock.now();
    List<String> scopes = List.copyOf(new LinkedHashSet<>(d.scopes()));
    byId.put(id, new PlatformToken(id, hash, d.name(), d.owner(), d.ownerUuid(), d.createdBy(), scopes,
        d.resource(), d.tags(), PlatformToken.Status.ACTIVE, now, now, d.expirationDate(), null, null,
        accountManaged));
    idByHash.put(hash, id);
    return new IssuedToken(id, secret, d.expirationDate());
  }

  /** The platform token behind a secret, expired or not; empty when unknown or deleted. */
  synchronized Optional<PlatformToken> find(String secret) {
    if (secret == null || !secret.startsWith(TokenSecrets.PLATFORM_TOKEN_PREFIX + ".")) {
      return Optional.empty();
    }
    String id = idByHash.get(TokenSecrets.hash(secret));
    return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
  }

  /** An Account Management token by id. */
  synchronized Optional<PlatformToken> accountToken(String id) {
    PlatformToken t = id == null ? null : byId.get(id);
    return t != null && t.accountManaged() ? Optional.of(t) : Optional.empty();
  }

  /** Applies {@code change} to an Account Management token; empty when there is none with that id. */
  synchronized Optional<PlatformToken> update(String id, UnaryOperator<PlatformToken> change) {
    Optional<PlatformToken> current = accountToken(id);
    current.ifPresent(t -> byId.put(id, change.apply(t)));
    return current.map(t -> byId.get(id));
  }

  /** Deletes an Account Management token; false when there is none with that id. */
  synchronized boolean remove(String id) {
    Optional<PlatformToken> t = accountToken(id);
    t.ifPresent(x -> {
      byId.remove(id);
      idByHash.remove(x.secretHash());
    });
    return t.isPresent();
  }

  /** Records a use of any platform token (lastUsedAt, lastClientIp). */
  synchronized void touch(String id, String ip) {
    byId.computeIfPresent(id, (k, t) -> t.withUse(clock.now(), ip));
  }

  /** Account Management tokens (expired included), oldest first. */
  synchronized List<PlatformToken> accountTokens() {
    return byId.values().stream().filter(PlatformToken::accountManaged).toList();
  }

  /** Account Management tokens owned by {@code ownerUuid}, expired ones included. */
  synchronized int countOwnedBy(String ownerUuid) {
    return (int) byId.values().stream()
        .filter(t -> t.accountManaged() && ownerUuid != null && ownerUuid.equals(t.ownerUuid())).count();
  }

  /** All Account Management tokens, expired ones included. */
  synchronized int accountCount() {
    return (int) byId.values().stream().filter(PlatformToken::accountManaged).count();
  }

  /** All platform tokens without secrets, oldest first (deleted ones are gone). */
  JsonArray stateView() {
    List<PlatformToken> all;
    synchronized (this) {
      all = new ArrayList<>(byId.values());
    }
    Instant now = clock.now();
    JsonArray out = new JsonArray();
    all.forEach(t -> out.add(PlatformTokenJson.state(t, now)));
    return out;
  }
}
