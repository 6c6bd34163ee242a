package io.dtvb.leaselog;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One auditable thing that happened to a lease: who asked (Vault entity and request), which token
 * (id and name, never its value, and its type: classic or platform), with which scopes and hard end,
 * and how the upstream answered.
 *
 * <p>Empty strings become {@code null}, times are kept to the millisecond (what the log records),
 * {@code upstreamStatus} 0 means "no upstream call". A value that looks like a Dynatrace token
 * secret ({@code dt0c01.<public>.<secret>}) is refused anywhere in the event, so a caller's mistake
 * cannot put a credential into an append-only log.
 */
public record LeaseEvent(
    EventType type,
    Instant time,
    String mount,
    String role,
    String entityId,
    String displayName,
    String requestId,
    String connection,
    String tokenId,
    String tokenName,
    List<String> scopes,
    Instant hardEnd,
    String reason,
    int upstreamStatus,
    Map<String, String> metadata,
    String environment,
    String credentialFingerprint,
    String tokenType) {

  private static final Pattern TOKEN_SECRET = Pattern.compile("dt0[a-z][0-9]{2}\\.[A-Za-z0-9]+\\.[A-Za-z0-9]{16,}");

  public LeaseEvent {
    Objects.requireNonNull(type, "type");
    time = Objects.requireNonNull(time, "time").truncatedTo(ChronoUnit.MILLIS);
    hardEnd = hardEnd == null ? null : hardEnd.truncatedTo(ChronoUnit.MILLIS);
    mount = blankToNull(mount);
    role = blankToNull(role);
    entityId = blankToNull(entityId);
    displayName = blankToNull(displayName);
    requestId = blankToNull(requestId);
    connection = blankToNull(connection);
    tokenId = blankToNull(tokenId);
    tokenName = blankToNull(tokenName);
    reason = blankToNull(reason);
    environment = blankToNull(environment);
    credentialFingerprint = blankToNull(credentialFingerprint);
    tokenType = blankToNull(tokenType);
    if (tokenType != null && !tokenType.equals("classic") && !tokenType.equals("platform")) {
      throw new IllegalArgumentException("token type " + tokenType + " is neither classic nor platform");
    }
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
    metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(metadata));
    metadata.values().forEach(v -> Objects.requireNonNull(v, "metadata value"));
    if (upstreamStatus < 0 || upstreamStatus > 999) {
      throw new IllegalArgumentException("upstream status " + upstreamStatus + " is not an HTTP status");
    }
    refuseSecrets(mount, role, entityId, displayName, requestId, connection, tokenId, tokenName, reason,
        environment, credentialFingerprint, tokenType);
    refuseSecrets(scopes.toArray(String[]::new));
    refuseSecrets(metadata.keySet().toArray(String[]::new));
    refuseSecrets(metadata.values().toArray(String[]::new));
  }

  /** An event without environment and credential fingerprint (entries written before they existed). */
  public LeaseEvent(EventType type, Instant time, String mount, String role, String entityId, String displayName,
      String requestId, String connection, String tokenId, String tokenName, List<String> scopes, Instant hardEnd,
      String reason, int upstreamStatus, Map<String, String> metadata) {
    this(type, time, mount, role, entityId, displayName, requestId, connection, tokenId, tokenName, scopes, hardEnd,
        reason, upstreamStatus, metadata, null, null, null);
  }

  /** An event without token type (entries written before platform tokens existed, which were classic). */
  public LeaseEvent(EventType type, Instant time, String mount, String role, String entityId, String displayName,
      String requestId, String connection, String tokenId, String tokenName, List<String> scopes, Instant hardEnd,
      String reason, int upstreamStatus, Map<String, String> metadata, String environment,
      String credentialFingerprint) {
    this(type, time, mount, role, entityId, displayName, requestId, connection, tokenId, tokenName, scopes, hardEnd,
        reason, upstreamStatus, metadata, environment, credentialFingerprint, null);
  }

  /** This event with the token's type set ("classic" or "platform"). */
  public LeaseEvent withTokenType(String type) {
    return new LeaseEvent(this.type, time, mount, role, entityId, displayName, requestId, connection, tokenId,
        tokenName, scopes, hardEnd, reason, upstreamStatus, metadata, environment, credentialFingerprint, type);
  }

  /** This event with the environment host and the minter credential's fingerprint set (the sidecar's own view). */
  public LeaseEvent withMinter(String environment, String credentialFingerprint) {
    return new LeaseEvent(type, time, mount, role, entityId, displayName, requestId, connection, tokenId, tokenName,
        scopes, hardEnd, reason, upstreamStatus, metadata, environment, credentialFingerprint, tokenType);
  }

  /** An event with only its type and time set; fill the rest with the {@code with*} methods or the constructor. */
  public static LeaseEvent of(EventType type, Instant time) {
    return new LeaseEvent(type, time, null, null, null, null, null, null, null, null, List.of(), null, null, 0,
        Map.of());
  }

  /** This event with the lease context set: mount, role, Vault entity id and display name, request id. */
  public LeaseEvent withLease(String mount, String role, String entityId, String displayName, String requestId) {
    return new LeaseEvent(type, time, mount, role, entityId, displayName, requestId, connection, tokenId, tokenName,
        scopes, hardEnd, reason, upstreamStatus, metadata, environment, credentialFingerprint, tokenType);
  }

  /** This event with the token set: id, name (never the value), scopes and hard end. */
  public LeaseEvent withToken(String tokenId, String tokenName, List<String> scopes, Instant hardEnd) {
    return new LeaseEvent(type, time, mount, role, entityId, displayName, requestId, connection, tokenId, tokenName,
        scopes, hardEnd, reason, upstreamStatus, metadata, environment, credentialFingerprint, tokenType);
  }

  /** This event with the outcome set: reason text and upstream HTTP status (0 = none). */
  public LeaseEvent withOutcome(String reason, int upstreamStatus) {
    return new LeaseEvent(type, time, mount, role, entityId, displayName, requestId, connection, tokenId, tokenName,
        scopes, hardEnd, reason, upstreamStatus, metadata, environment, credentialFingerprint, tokenType);
  }

  /** This event with the Dynatrace connection name and free-form metadata set. */
  public LeaseEvent withContext(String connection, Map<String, String> metadata) {
    return new LeaseEvent(type, time, mount, role, entityId, displayName, requestId, connection, tokenId, tokenName,
        scopes, hardEnd, reason, upstreamStatus, metadata, environment, credentialFingerprint, tokenType);
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static void refuseSecrets(String... values) {
    for (String v : values) {
      // the contains() guard skips the regex for the values that cannot match (nearly all of them)
      if (v != null && v.contains("dt0") && TOKEN_SECRET.matcher(v).find()) {
        throw new IllegalArgumentException("a lease event must never carry a token value");
      }
    }
  }
}
