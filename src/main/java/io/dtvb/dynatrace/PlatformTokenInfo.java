package io.dtvb.dynatrace;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A platform token as the Account Management list answers it (never the secret).
 *
 * <p>The documented DTO has {@code userUuid}; real answers have none but carry {@code owner} (an
 * e-mail, {@code <uuid>@service.sso.dynatrace.com} for a service user), {@code createdBy},
 * {@code status} and {@code createdAt} [field-reported]. Expired tokens are still listed with status
 * {@code ACTIVE} [field-reported], hence {@link #expiredAt(Instant)}. Deleted tokens disappear from
 * the list [field-reported].
 *
 * @param tokenId the public id, {@code dt0s16.XXXXXXXX}
 * @param name the token's name (not unique)
 * @param owner the owner's e-mail as reported, or null
 * @param userUuid the owner's UUID when the answer has one (usually absent), else null
 * @param scopes the token's scopes
 * @param resources the URNs it applies to
 * @param tags its tags
 * @param status {@code ACTIVE} or {@code INACTIVE} as reported (not derived), or null
 * @param createdAt when it was created, or null
 * @param expirationDate when it expires; null means never
 */
public record PlatformTokenInfo(
    String tokenId,
    String name,
    String owner,
    String userUuid,
    List<String> scopes,
    List<String> resources,
    List<String> tags,
    String status,
    Instant createdAt,
    Instant expirationDate) {

  private static final Pattern UUID =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /** Null lists become empty; lists are copied. */
  public PlatformTokenInfo {
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
    resources = resources == null ? List.of() : List.copyOf(resources);
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  /** True when the token has an expiration date at or before {@code now} (whatever its status says). */
  public boolean expiredAt(Instant now) {
    return expirationDate != null && !expirationDate.isAfter(now);
  }

  /**
   * The owner's UUID: {@code userUuid} when present, else the local part of {@code owner} when it is a
   * UUID (as in {@code <uuid>@service.sso.dynatrace.com}), else null.
   */
  public String ownerUuid() {
    if (userUuid != null && !userUuid.isBlank()) {
      return userUuid;
    }
    if (owner == null) {
      return null;
    }
    int at = owner.indexOf('@');
    String local = at < 0 ? owner : owner.substring(0, at);
    return UUID.matcher(local).matches() ? local : null;
  }
}
