package io.dtvb.vaultsdk.framework;

import java.util.Map;

/** The stored secret that Vault sends back with renew and revoke: lease settings plus internal data. */
public record SecretInfo(LeaseOptions lease, Map<String, Object> internalData) {
  public SecretInfo {
    internalData = internalData == null ? Map.of() : internalData;
  }
}
