package io.dtvb.vaultsdk.framework;

import java.time.Duration;
import java.util.Map;

/**
 * A secret returned by a handler: Vault registers a lease for it. ttl and maxTtl of zero mean "use
 * the mount default"; internal data is stored by Vault and never shown to the client.
 */
public record SecretResponse(
    Map<String, Object> internalData, Duration ttl, Duration maxTtl, boolean renewable) {}
