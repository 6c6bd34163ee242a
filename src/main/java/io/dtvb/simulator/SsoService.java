package io.dtvb.simulator;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SSO token endpoint's decisions: client-credentials grants and validation of issued bearers.
 * A request naming any scope the client does not hold is refused whole (400; field-reported: there is
 * no partial grant). {@code resource} may be the account URN or the environment URN; without it the
 * client's default applies (the environment client: the account URN; account clients: none, so the
 * bearer is refused by Account Management with 403, as field-reported for a missing resource).
 */
final class SsoService {
  private static final String SCOPE_MISSING = "Invalid OAuth2 request. "
      + "UNSUCCESSFUL_OAUTH_ACCESS_TOKEN_VALIDATION_FAILED | OAuth client is missing following scopes ";

  /**
   * What an issued bearer stands for.
   *
   * @param subject the {@code sub} claim: the subject user's UUID, or the client id
   * @param resource the granted resource URN; null when none was requested or defaulted
   */
  record Grant(String clientId, String owner, String subject, Set<String> scopes, String resource,
      Instant expiresAt) {}

  /** An OAuth error answer (RFC 6749 §5.2 shape). */
  static final class OAuthError extends RuntimeException {
    final String error;

    OAuthError(String error, String description) {
      super(description, null, false, false);
      this.error = error;
    }

    JsonObject toJson() {
      return new JsonObject().put("error", error).put("error_description", getMessage());
    }
  }

  private final Map<String, OAuthClient> clients = new ConcurrentHashMap<>();
  private final Map<String, Grant> bearers = new ConcurrentHashMap<>();
  private final SimClock clock;
  private final Duration lifetime;
  private final String accountUrn;
  private final String environmentUrn;
  private final SimCounters counters;

  SsoService(SimClock clock, Duration lifetime, String accountUrn, String environmentId,
      SimCounters counters) {
    this.clock = clock;
    this.lifetime = lifetime;
    this.accountUrn = accountUrn;
    this.environmentUrn = "urn:dtenvironment:" + environmentId;
    this.counters = counters;
  }

  void register(OAuthClient client) {
    clients.put(client.clientId(), client);
  }

  /** Handles a token request's form; throws {@link OAuthError} for every 400 case. */
  JsonObject grant(MultiMap form) {
    String grantType = form.get("grant_type");
    if (grantType == null || grantType.isBlank()) {
      throw new OAuthError("invalid_request", "");
    }
    if (!"client_credentials".equals(grantType)) {
      throw new OAuthError("unsupported_grant_type", "");
    }
    OAuthClient client = clients.get(String.valueOf(form.get("client_id")));
    if (client == null || !TokenSecrets.sameSecret(client.clientSecret(), form.get("client_secret"))) {
      throw new OAuthError("invalid_client", "");
    }
    Set<String> requested = scopes(form.get("scope"));
    if (requested.isEmpty()) {
      throw new OAuthError("invalid_request", "");
    }
    List<String> missing = requested.stream().filter(s -> !client.scopes().contains(s)).toList();
    if (!missing.isEmpty()) {
      throw new OAuthError("invalid_request", SCOPE_MISSING + missing);
    }
    String resource = form.get("resource") == null ? client.defaultResource() : form.get("resource");
    if (resource != null && !resource.equals(accountUrn) && !resource.equals(environmentUrn)) {
      throw new OAuthError("invalid_request", "");
    }
    return issue(client, requested, resource);
  }

  private JsonObject issue(OAuthClient client, Set<String> scopes, String resource) {
    Instant now = clock.now();
    Instant exp = now.plus(lifetime);
    String scope = String.join(" ", scopes);
    String subject = client.subjectUuid() != null ? client.subjectUuid() : client.clientId();
    JsonObject claims = new JsonObject().put("sub", subject).put("aud", client.clientId())
        .put("scope", scope).put("resource", resource).put("iat", now.getEpochSecond())
        .put("exp", exp.getEpochSecond()).put("jti", UUID.randomUUID().toString());
    String token = TokenSecrets.newJwt(claims.encode());
    bearers.values().removeIf(g -> !now.isBefore(g.expiresAt()));
    bearers.put(token, new Grant(client.clientId(), client.owner(), subject, scopes, resource, exp));
    counters.ssoGrants.incrementAndGet();
    JsonObject answer = new JsonObject().put("scope", scope).put("token_type", "Bearer")
        .put("expires_in", lifetime.toSeconds()).put("access_token", token);
    return resource == null ? answer : answer.put("resource", resource);
  }

  /** The grant behind a bearer, if it was issued here and has not expired. */
  Optional<Grant> validate(String bearer) {
    Grant g = bearer == null ? null : bearers.get(bearer);
    if (g == null || !clock.now().isBefore(g.expiresAt())) {
      return Optional.empty();
    }
    return Optional.of(g);
  }

  private static Set<String> scopes(String raw) {
    if (raw == null) {
      return Set.of();
    }
    return new LinkedHashSet<>(Arrays.stream(raw.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList());
  }
}
