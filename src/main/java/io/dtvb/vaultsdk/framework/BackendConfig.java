package io.dtvb.vaultsdk.framework;

import java.util.Map;

/**
 * What Vault hands a backend at Setup: mount options, the mount's UUID, its system view and its
 * storage. At the registration probe all of them are empty.
 */
public record BackendConfig(
    Map<String, String> config, String backendUuid, SystemView system, Storage storage) {

  public BackendConfig {
    config = config == null ? Map.of() : Map.copyOf(config);
    backendUuid = backendUuid == null ? "" : backendUuid;
  }
}
