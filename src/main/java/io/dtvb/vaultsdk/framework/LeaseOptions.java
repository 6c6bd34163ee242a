package io.dtvb.vaultsdk.framework;

import java.time.Duration;
import java.time.Instant;

/**
 * Lease settings as Vault sends them on renew/revoke: current TTL, max TTL, renewability, the
 * client's requested increment (zero when none) and the lease's original issue time.
 */
public record LeaseOptions(
    Duration ttl, Duration maxTtl, boolean renewable, Duration increment, Instant issueTime) {}
