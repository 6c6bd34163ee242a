package io.dtvb.cli;

import io.dtvb.vaultsdk.framework.Backend;
import io.dtvb.vaultsdk.framework.BackendFactory;
import io.dtvb.vaultsdk.plugin.PluginServer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Runs the Vault/OpenBao external plugin; Vault launches this through the launcher script. */
@Command(name = "plugin", mixinStandardHelpOptions = true,
    description = {
      "Serve the Dynatrace secrets engine as a Vault / OpenBao external plugin (go-plugin protocol 5,"
          + " gRPC over AutoMTLS).",
      "Vault starts this itself through vault-config/plugins/dynatrace-plugin; run by hand it exits"
          + " with status 1 because the plugin magic cookie (VAULT_BACKEND_PLUGIN) is missing.",
      "Nothing but the handshake line is written to stdout; logs are hclog-style JSON on stderr."})
public final class PluginCommand implements Callable<Integer> {

  /** The backend this plugin serves (replaced by the Dynatrace engine). */
  static BackendFactory factory() {
    return config -> Backend.builder().help("dynatrace", "Dynatrace secrets engine").build();
  }

  @Override
  public Integer call() {
    return PluginServer.serve(factory(), "v" + VersionInfo.version(), System.getenv());
  }
}
