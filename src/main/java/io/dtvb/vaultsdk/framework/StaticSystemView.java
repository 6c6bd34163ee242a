package io.dtvb.vaultsdk.framework;

import java.time.Duration;

/** A fixed system view, for tests and for the registration probe. */
public record StaticSystemView(
    Duration defaultLeaseTtl, Duration maxLeaseTtl, boolean tainted, String serverVersion)
    implements SystemView {

  /** Vault's own defaults: 32 days for both the default and the maximum lease TTL. */
  public static StaticSystemView vaultDefaults() {
    return new StaticSystemView(Duration.ofDays(32), Duration.ofDays(32), false, "");
  }
}
