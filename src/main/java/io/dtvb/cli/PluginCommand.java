package io.dtvb.cli;

import io.dtvb.engine.DynatraceBackend;
import io.dtvb.engine.SidecarTokenBroker;
import io.dtvb.vaultsdk.framework.BackendFactory;
import io.dtvb.vaultsdk.plugin.PluginServer;
import io.vertx.core.Vertx;
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

  /** The Dynatrace engine, reaching the sidecar over mTLS through the plugin's Vert.x instance. */
  static BackendFactory factory(Vertx vertx) {
    return new DynatraceBackend(endpoint -> new SidecarTokenBroker(vertx, endpoint));
  }

  @Override
  public Integer call() {
    return PluginServer.serve(PluginCommand::factory, "v" + VersionInfo.version(), System.getenv());
  }
}
