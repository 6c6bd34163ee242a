package io.dtvb.simulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** In-memory token table; deleted tokens stay as tombstones so the state view can show them. */
final class TokenStore {
  private final Map<String, StoredToken> byId = new LinkedHashMap<>();
  private final Map<String, String> idBySecretHash = new HashMap<>();

  synchronized void add(StoredToken token) {
    byId.put(token.id(), token);
    idBySecretHash.put(token.secretHash(), token.id());
  }

  /** A token that has not been deleted, by id. */
  synchronized Optional<StoredToken> live(String id) {
    StoredToken t = byId.get(id);
    return t == null || t.deleted() ? Optional.empty() : Optional.of(t);
  }

  /** A token that has not been deleted, by its full secret. */
  synchronized Optional<StoredToken> liveBySecret(String secret) {
    if (secret == null) {
      return Optional.empty();
    }
    String id = idBySecretHash.get(TokenSecrets.hash(secret));
    return id == null ? Optional.empty() : live(id);
  }

  /** Replaces a live token with {@code change} applied; empty if it is unknown or deleted. */
  synchronized Optional<StoredToken> update(String id, UnaryOperator<StoredToken> change) {
    Optional<StoredToken> current = live(id);
    current.ifPresent(t -> byId.put(id, change.apply(t)));
    return current.map(t -> byId.get(id));
  }

  /** Every token ever created, tombstones included, in creation order. */
  synchronized List<StoredToken> all() {
    return new ArrayList<>(byId.values());
  }

  /** Tokens that have not been deleted, in creation order. */
  synchronized List<StoredToken> allLive() {
    return byId.values().stream().filter(t -> !t.deleted()).toList();
  }
}
