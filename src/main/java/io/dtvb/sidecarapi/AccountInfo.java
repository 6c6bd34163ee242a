package io.dtvb.sidecarapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What a live check of the account side learned (part of {@link CredentialInfo}): the account,
 * the account OAuth client, the user who owns the tokens it mints by default (the bearer's
 * subject, when Dynatrace says), how many platform tokens the client can list, the account's
 * token limits (null when Dynatrace did not let the client read them) and a note. Never a secret.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccountInfo(
    @JsonProperty("account_uuid") String accountUuid,
    @JsonProperty("client_id") String clientId,
    @JsonProperty("owner_uuid") String ownerUuid,
    @JsonProperty("platform_tokens_visible") Integer platformTokensVisible,
    @JsonProperty("limits") List<Limit> limits,
    @JsonProperty("note") String note) {

  /** The limit type that caps the platform tokens of a regular user. */
  public static final String PER_USER = "MAX_PLATFORM_TOKENS_PER_USER";
  /** The limit type that caps the platform tokens of a service user. */
  public static final String PER_SERVICE_USER = "MAX_PLATFORM_TOKENS_PER_SERVICE_USER";
  /** The limit type that caps the platform tokens of the whole account. */
  public static final String PER_ACCOUNT = "MAX_PLATFORM_TOKENS_PER_ACCOUNT";

  public AccountInfo {
    limits = limits == null ? null : List.copyOf(limits);
  }

  /** One account limit as Dynatrace reports it: its type, the cap and the current value. */
  public record Limit(
      @JsonProperty("type") String type,
      @JsonProperty("limit") long limit,
      @JsonProperty("current") long current) {}

  /** The cap of a limit type, or null when unknown. */
  public Long cap(String type) {
    if (limits == null) {
      return null;
    }
    return limits.stream().filter(l -> type.equals(l.type())).map(Limit::limit).findFirst().orElse(null);
  }
}
