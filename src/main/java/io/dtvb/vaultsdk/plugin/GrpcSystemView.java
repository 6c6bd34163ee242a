package io.dtvb.vaultsdk.plugin;

import io.dtvb.vaultsdk.framework.SystemView;
import io.dtvb.vaultsdk.plugin.proto.pb.Empty;
import io.dtvb.vaultsdk.plugin.proto.pb.SystemViewClient;
import java.time.Duration;

/** Vault's system view reached over the brokered connection (TTLs arrive in nanoseconds). */
final class GrpcSystemView implements SystemView {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Empty EMPTY = Empty.getDefaultInstance();
  private final SystemViewClient client;

  GrpcSystemView(SystemViewClient client) {
    this.client = client;
  }

  @Override
  public Duration defaultLeaseTtl() {
    return Duration.ofNanos(Blocking.await(client.defaultLeaseTTL(EMPTY), TIMEOUT).getTTL());
  }

  @Override
  public Duration maxLeaseTtl() {
    return Duration.ofNanos(Blocking.await(client.maxLeaseTTL(EMPTY), TIMEOUT).getTTL());
  }

  @Override
  public boolean tainted() {
    return Blocking.await(client.tainted(EMPTY), TIMEOUT).getTainted();
  }

  @Override
  public String serverVersion() {
    try {
      return Blocking.await(client.pluginEnv(EMPTY), TIMEOUT).getPluginEnvironment().getVaultVersion();
    } catch (RuntimeException e) {
      return "";
    }
  }
}
