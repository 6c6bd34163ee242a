package io.dtvb.simulator;

import io.vertx.core.json.JsonArray;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The platform tokens of the simulated account. Dynatrace mints these in Account Management; here they
 * are created at start-up and through {@code /_sim/platform-tokens}, and the platform proxy accepts
 * them as {@code Bearer} credentials. Only hashes of the secrets are kept.
 */
final class PlatformTokens {
  private final Map<String, PlatformToken> byHash = new ConcurrentHashMap<>();
  private final SimClock clock;

  PlatformTokens(SimClock clock) {
    this.clock = clock;
  }

  /** Creates a platform token and returns its secret (the only time it is available). */
  IssuedToken issue(String name, String owner, Collection<String> scopes, Instant expirationDate) {
    String secret = TokenSecrets.newPlatformToken();
    String hash = TokenSecrets.hash(secret);
    byHash.put(hash, new PlatformToken(TokenSecrets.idOf(secret), hash, name, owner,
        Set.copyOf(scopes), clock.now(), expirationDate));
    return new IssuedToken(TokenSecrets.idOf(secret), secret, expirationDate);
  }

  /** The platform token behind a secret, expired or not; empty when unknown. */
  Optional<PlatformToken> find(String secret) {
    if (secret == null || !secret.startsWith(TokenSecrets.PLATFORM_TOKEN_PREFIX + ".")) {
      return Optional.empty();
    }
    return Optional.ofNullable(byHash.get(TokenSecrets.hash(secret)));
  }

  /** All platform tokens without secrets, oldest first. */
  JsonArray stateView() {
    JsonArray out = new JsonArray();
    byHash.values().stream().sorted(Comparator.comparing(PlatformToken::creationDate)
            .thenComparing(PlatformToken::id))
        .forEach(t -> out.add(t.toJson()));
    return out;
  }
}
