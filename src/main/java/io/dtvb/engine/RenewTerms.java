package io.dtvb.engine;

import io.dtvb.vaultsdk.framework.UserError;
import java.time.Duration;
import java.time.Instant;

/**
 * The answer to a renew: the new TTL (never past the hard end), the max TTL measured from the
 * lease's issue time so Vault's own cap lands on the hard end, and whether a later renew could
 * still extend the lease.
 */
record RenewTerms(Duration ttl, Duration maxTtl, boolean renewable) {

  /**
   * requested is the client's increment, else the role TTL, else the mount default. An issue time
   * that is missing, before 1970 (Go's zero time) or in the future counts as now.
   */
  static RenewTerms of(Instant hardEnd, Instant now, Instant issueTime, Duration requested) {
    Duration remaining = Duration.between(now, hardEnd);
    if (remaining.isNegative() || remaining.isZero()) {
      throw new UserError("token has reached its fixed expiry");
    }
    boolean usable = requested != null && !requested.isNegative() && !requested.isZero();
    Duration ttl = usable && requested.compareTo(remaining) < 0 ? requested : remaining;
    boolean plausibleIssue = issueTime != null && !issueTime.isBefore(Instant.EPOCH) && !issueTime.isAfter(now);
    Duration maxTtl = Duration.between(plausibleIssue ? issueTime : now, hardEnd);
    return new RenewTerms(ttl, maxTtl, ttl.compareTo(remaining) < 0);
  }
}
