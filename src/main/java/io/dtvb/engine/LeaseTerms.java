package io.dtvb.engine;

import io.dtvb.sidecarapi.TokenType;
import io.dtvb.vaultsdk.framework.CodedError;
import io.dtvb.vaultsdk.framework.SystemView;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The lease of a new token: TTL, max TTL and the fixed hard end (issue second + max TTL), and the
 * one place that computes a token's Dynatrace expiry: a classic token's is fixed a small skew
 * after the hard end; a platform token's follows the lease, a skew after its current end and
 * never past the hard end plus the skew. Either way the token dies on its own.
 */
record LeaseTerms(Duration ttl, Duration maxTtl, Instant issuedAt, Instant hardEnd) {

  /** How long the token outlives its lease's hard end: covers clock skew between Vault and Dynatrace. */
  static final Duration EXPIRY_SKEW = Duration.ofSeconds(60);

  /**
   * TTL = role ttl else mount default; max TTL = role max_ttl else mount max; both capped by the
   * mount max, and the TTL by the max TTL. Whole seconds throughout.
   */
  static LeaseTerms of(RoleEntry role, SystemView system, Instant now) {
    Duration mountMax = wholeSeconds(system.maxLeaseTtl());
    if (!isPositive(mountMax)) {
      throw new CodedError(500, "the mount's max lease TTL is zero; tune the mount");
    }
    Duration ttl = isPositive(role.ttl()) ? role.ttl() : wholeSeconds(system.defaultLeaseTtl());
    Duration max = isPositive(role.maxTtl()) ? role.maxTtl() : mountMax;
    max = min(max, mountMax);
    ttl = isPositive(ttl) ? min(ttl, max) : max;
    Instant issuedAt = now.truncatedTo(ChronoUnit.SECONDS);
    return new LeaseTerms(ttl, max, issuedAt, issuedAt.plus(max));
  }

  /** The expirationDate of a classic token (fixed for its life): the hard end plus the skew. */
  Instant tokenExpiry() {
    return hardEnd.plus(EXPIRY_SKEW);
  }

  /** The expirationDate to ask Dynatrace for at mint: a platform token's follows the lease's first end. */
  Instant tokenExpiry(TokenType type) {
    return type == TokenType.PLATFORM ? platformExpiry(issuedAt.plus(ttl), hardEnd) : tokenExpiry();
  }

  /**
   * A platform token's expiry for a lease that now ends at {@code leaseEnd}: the skew after it,
   * never past the hard end plus the skew (at mint and at every renewal).
   */
  static Instant platformExpiry(Instant leaseEnd, Instant hardEnd) {
    return (leaseEnd.isAfter(hardEnd) ? hardEnd : leaseEnd).plus(EXPIRY_SKEW);
  }

  /**
   * These terms, shortened when Dynatrace resolved an expiry before the one asked for: a classic
   * token's before the hard end ends the lease there; a platform token's before the lease's first
   * end shortens that TTL (its renewals move the expiry and are refused if Dynatrace will not).
   */
  LeaseTerms within(Instant upstreamExpiry, TokenType type) {
    if (type != TokenType.PLATFORM) {
      return within(upstreamExpiry);
    }
    Instant leaseEnd = issuedAt.plus(ttl);
    if (upstreamExpiry == null || !upstreamExpiry.isBefore(leaseEnd)) {
      return this;
    }
    Duration shorter = Duration.between(issuedAt, upstreamExpiry.truncatedTo(ChronoUnit.SECONDS));
    return new LeaseTerms(shorter.isNegative() ? Duration.ZERO : shorter, maxTtl, issuedAt, hardEnd);
  }

  /** These terms, shortened when Dynatrace resolved an expiry before the intended hard end. */
  LeaseTerms within(Instant upstreamExpiry) {
    if (upstreamExpiry == null || !upstreamExpiry.isBefore(hardEnd)) {
      return this;
    }
    Instant end = upstreamExpiry.truncatedTo(ChronoUnit.SECONDS);
    Duration max = Duration.between(issuedAt, end);
    return new LeaseTerms(min(ttl, max), max, issuedAt, end);
  }

  private static Duration wholeSeconds(Duration d) {
    return Duration.ofSeconds(d.getSeconds());
  }

  private static boolean isPositive(Duration d) {
    return !d.isNegative() && !d.isZero();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
