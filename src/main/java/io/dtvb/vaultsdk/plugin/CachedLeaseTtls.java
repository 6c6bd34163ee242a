package io.dtvb.vaultsdk.plugin;

import io.dtvb.vaultsdk.framework.SystemView;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The mount's lease TTLs, asked of Vault at most once per {@link #MAX_AGE}: every creds read needs
 * the mount's maximum (its token's fixed end is computed from it before the mint), and each answer
 * from Vault's system view is a round trip over the broker (~0.7 ms on the mint's path).
 *
 * <p>Why a second is safe: Vault clamps every lease to the mount's current maximum itself when it
 * registers it, so a tune is never bypassed. What a cached value can do, within one second of a tune
 * that lowers the maximum, is set a new token's own Dynatrace expiry up to the old maximum; the lease
 * still ends (and revokes the token) at the new one. Unmount state and the server version are not
 * cached.
 */
final class CachedLeaseTtls implements SystemView {
  static final Duration MAX_AGE = Duration.ofSeconds(1);

  private final SystemView vault;
  private final LongSupplier nanoTime;
  private volatile Cached max;
  private volatile Cached defaults;

  private record Cached(Duration ttl, long askedAt) {}

  CachedLeaseTtls(SystemView vault) {
    this(vault, System::nanoTime);
  }

  CachedLeaseTtls(SystemView vault, LongSupplier nanoTime) {
    this.vault = vault;
    this.nanoTime = nanoTime;
  }

  @Override
  public Duration defaultLeaseTtl() {
    Cached c = fresh(defaults, vault::defaultLeaseTtl);
    defaults = c;
    return c.ttl();
  }

  @Override
  public Duration maxLeaseTtl() {
    Cached c = fresh(max, vault::maxLeaseTtl);
    max = c;
    return c.ttl();
  }

  /** The cached answer while younger than {@link #MAX_AGE} (timed from before the question), else a new one. */
  private Cached fresh(Cached c, Supplier<Duration> ask) {
    long now = nanoTime.getAsLong();
    return c != null && now - c.askedAt() < MAX_AGE.toNanos() ? c : new Cached(ask.get(), now);
  }

  @Override
  public boolean tainted() {
    return vault.tainted();
  }

  @Override
  public String serverVersion() {
    return vault.serverVersion();
  }
}
