package io.dtvb.simulator;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The users of the simulated account and which of them each OAuth client may mint platform tokens for.
 * A client may always mint for its own subject user; others need an explicit grant here, standing in
 * for the IAM permission {@code iam:service-users:use} (documented for the UI; for OAuth clients a 403
 * is field-reported when minting for another service user, and whether the permission lifts it is
 * inferred).
 */
final class ServiceUsers {
  /** Domain of service-user e-mails (field-reported). */
  static final String SERVICE_DOMAIN = "@service.sso.dynatrace.com";

  private final Map<String, SimUser> users = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> usable = new ConcurrentHashMap<>();

  /** Creates a service user with a random UUID. */
  SimUser newServiceUser() {
    String uuid = UUID.randomUUID().toString();
    SimUser user = new SimUser(uuid, uuid + SERVICE_DOMAIN, true);
    users.put(uuid, user);
    return user;
  }

  /** Creates a regular (human) user with the given e-mail. */
  SimUser newUser(String email) {
    SimUser user = new SimUser(UUID.randomUUID().toString(), email, false);
    users.put(user.uuid(), user);
    return user;
  }

  /** Lets {@code clientId} mint platform tokens owned by {@code userUuid}. */
  void allow(String clientId, String userUuid) {
    usable.computeIfAbsent(clientId, k -> ConcurrentHashMap.newKeySet()).add(userUuid);
  }

  Optional<SimUser> get(String uuid) {
    return uuid == null ? Optional.empty() : Optional.ofNullable(users.get(uuid));
  }

  /** The user {@code clientId} may mint for, if {@code userUuid} is a service user it was allowed. */
  Optional<SimUser> usableBy(String clientId, String userUuid) {
    Set<String> allowed = usable.getOrDefault(clientId, Set.of());
    return get(userUuid).filter(u -> allowed.contains(u.uuid()));
  }
}
