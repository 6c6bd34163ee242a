package io.dtvb.sidecar;

import io.dtvb.dynatrace.AccountConnection;
import io.dtvb.dynatrace.DynatraceConnection;
import io.dtvb.dynatrace.DynatraceTokenApi;
import io.dtvb.dynatrace.PlatformTokenApi;
import java.util.function.Function;

/**
 * How the sidecar builds its Dynatrace clients: one for an environment's classic token API, one
 * for an account's platform-token API (tests substitute either).
 */
public record DynatraceClients(
    Function<DynatraceConnection, DynatraceTokenApi> environment,
    Function<AccountConnection, PlatformTokenApi> account) {

  /** Classic clients only: a connection with an account side is refused as not usable. */
  public static DynatraceClients environmentOnly(Function<DynatraceConnection, DynatraceTokenApi> environment) {
    return new DynatraceClients(environment, a -> {
      throw new IllegalArgumentException("this sidecar was started without an Account Management client");
    });
  }
}
