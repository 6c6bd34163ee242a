package io.dtvb.dynatrace;

/**
 * One account limit from {@code GET /iam/v1/accounts/{uuid}/limits}: fields {@code limitType},
 * {@code limitValue}, {@code currentValue} [documented]. A live answer listed
 * {@code MAX_PLATFORM_TOKENS_PER_USER} 50, {@code MAX_PLATFORM_TOKENS_PER_SERVICE_USER} 100 and
 * {@code MAX_PLATFORM_TOKENS_PER_ACCOUNT} 50000 [field-reported; the docs still say 10 per user]. Expired
 * but undeleted tokens count against the caps [field-reported].
 *
 * @param type the limit's type, e.g. {@link #MAX_PLATFORM_TOKENS_PER_USER}
 * @param limitValue the cap
 * @param currentValue how much of it is used
 */
public record AccountLimit(String type, long limitValue, long currentValue) {

  /** Platform tokens per regular user [field-reported]. */
  public static final String MAX_PLATFORM_TOKENS_PER_USER = "MAX_PLATFORM_TOKENS_PER_USER";

  /** Platform tokens per service user [field-reported]. */
  public static final String MAX_PLATFORM_TOKENS_PER_SERVICE_USER = "MAX_PLATFORM_TOKENS_PER_SERVICE_USER";

  /** Platform tokens in the whole account [field-reported]. */
  public static final String MAX_PLATFORM_TOKENS_PER_ACCOUNT = "MAX_PLATFORM_TOKENS_PER_ACCOUNT";

  /** What is left under the cap, never negative (the account may be over it). */
  public long remaining() {
    return Math.max(0, limitValue - currentValue);
  }
}
