package io.dtvb.cli;

import io.dtvb.vaultsdk.framework.BackendFactory;
import io.dtvb.vaultsdk.plugin.ClassDataTraining;
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
  /** The launcher's argument for its install-time training run. */
  static final String TRAINING_FLAG = "--class-data-training";

  /**
   * True for exactly {@code plugin}, what the launcher execs: Main then serves without picocli,
   * whose command model costs ~170 classes before the handshake. Anything else ({@code plugin
   * --help}) goes through picocli as usual.
   */
  static boolean isLaunch(String[] args) {
    return args.length == 1 && "plugin".equals(args[0]);
  }

  /**
   * {@code plugin --class-data-training}: the launcher's training run for its class-data archive
   * (see {@link ClassDataTraining}); also kept clear of picocli, whose classes would only bloat
   * the archive.
   */
  static boolean isTraining(String[] args) {
    return args.length == 2 && "plugin".equals(args[0]) && TRAINING_FLAG.equals(args[1]);
  }

  static int train() throws Exception {
    return ClassDataTraining.run(PluginCommand::engine, "v" + VersionInfo.version());
  }

  /** Serves until Vault stops the plugin; the engine is built when Vault first sets up a mount. */
  static int serve() {
    return PluginServer.serve(PluginCommand::engine, "v" + VersionInfo.version(), System.getenv());
  }

  /**
   * The engine, named only inside this method's body: the JVM resolves {@link PluginEngine} when a
   * mount is first set up, not when it verifies this class before the handshake.
   */
  private static BackendFactory engine(Vertx vertx) {
    return PluginEngine.factory(vertx);
  }

  @Override
  public Integer call() {
    return serve();
  }
}
