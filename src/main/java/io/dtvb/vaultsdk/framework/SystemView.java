package io.dtvb.vaultsdk.framework;

import java.time.Duration;

/** What Vault tells a mount about itself: lease defaults, unmount state, server version. */
public interface SystemView {

  /** The mount's default lease TTL (mount tuning, else the system default). */
  Duration defaultLeaseTtl();

  /** The mount's maximum lease TTL (mount tuning, else the system maximum). */
  Duration maxLeaseTtl();

  /** True while the mount is being unmounted. */
  boolean tainted();

  /** The Vault / OpenBao server version, or "" when unknown. */
  String serverVersion();
}
