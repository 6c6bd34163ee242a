package io.dtvb.simulator;

import io.vertx.core.json.JsonObject;

/**
 * The platform-token caps of the simulated account. Defaults are the values a live
 * {@code GET /limits} returned (field-reported 2026-08-06; the docs still say 10 per user):
 * 50 per regular user, 100 per service user, 50 000 per account. Expired tokens count until deleted
 * (field-reported).
 */
public record AccountLimits(int perUser, int perServiceUser, int perAccount) {
  /** Limit type names as {@code GET /iam/v1/accounts/{uuid}/limits} reports them. */
  public static final String PER_USER = "MAX_PLATFORM_TOKENS_PER_USER";
  public static final String PER_SERVICE_USER = "MAX_PLATFORM_TOKENS_PER_SERVICE_USER";
  public static final String PER_ACCOUNT = "MAX_PLATFORM_TOKENS_PER_ACCOUNT";

  public AccountLimits {
    if (perUser < 0 || perServiceUser < 0 || perAccount < 0) {
      throw new IllegalArgumentException("limits must not be negative");
    }
  }

  /** 50 / 100 / 50 000. */
  public static AccountLimits defaults() {
    return new AccountLimits(50, 100, 50_000);
  }

  /** These limits with the non-null arguments replaced. */
  public AccountLimits with(Integer newPerUser, Integer newPerServiceUser, Integer newPerAccount) {
    return new AccountLimits(newPerUser == null ? perUser : newPerUser,
        newPerServiceUser == null ? perServiceUser : newPerServiceUser,
        newPerAccount == null ? perAccount : newPerAccount);
  }

  /** {@code {"per_user": n, "per_service_user": m, "per_account": k}} (the {@code /_sim/account-limits} form). */
  public JsonObject toJson() {
    return new JsonObject().put("per_user", perUser).put("per_service_user", perServiceUser)
        .put("per_account", perAccount);
  }
}
