package io.dtvb.dynatrace;

import java.time.Instant;
import java.util.List;

/**
 * What to mint through the Account Management API ({@code GeneratePlatformTokenForm} [documented]).
 *
 * <p>The docs mark every field "Required", yet the server accepted a body with only name, scope and
 * resource [field-reported]; this client omits {@code userUuid} and {@code tags} when null or empty.
 * {@code expirationDate} is required here: without it a platform token never expires
 * [field-reported], which a lease-based engine must never produce.
 *
 * @param name token name, at most 255 characters [documented]; names need not be unique [field-reported]
 * @param scopes platform scopes, e.g. {@code storage:metrics:write}; sent as a JSON list (a space-separated
 *     string is answered with 400 [field-reported]); an unknown scope is answered with 400 "Invalid scopes"
 *     [field-reported]
 * @param resources where the token applies: {@code urn:dtenvironment:<envId>} for one environment or
 *     {@code urn:dtaccount:<uuid>} for every environment of the account [field-reported]; sent as given
 * @param tags free tags; omitted when null or empty
 * @param expirationDate when the token stops working; required, sent in UTC with milliseconds
 * @param userUuid the owner; null lets Dynatrace make the OAuth client's subject user the owner
 *     [field-reported]; see {@link PlatformTokenApi#subjectUserUuid()}
 */
public record PlatformTokenCreate(
    String name, List<String> scopes, List<String> resources, List<String> tags, Instant expirationDate,
    String userUuid) {

  /** The documented maximum length of a token name. */
  public static final int MAX_NAME_LENGTH = 255;

  /**
   * Checks and copies.
   *
   * @throws IllegalArgumentException when the name is blank or longer than 255 characters, or the
   *     expiration date is missing (a token without one never expires)
   */
  public PlatformTokenCreate {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a platform token needs a name");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException("a platform token name has at most " + MAX_NAME_LENGTH + " characters");
    }
    if (expirationDate == null) {
      throw new IllegalArgumentException("a platform token needs an expirationDate: without one it never expires");
    }
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
    resources = resources == null ? List.of() : List.copyOf(resources);
    tags = tags == null ? List.of() : List.copyOf(tags);
    userUuid = userUuid == null || userUuid.isBlank() ? null : userUuid;
  }
}
