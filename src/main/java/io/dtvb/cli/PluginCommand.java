package io.dtvb.cli;

import io.dtvb.engine.DynatraceBackend;
import io.dtvb.engine.HttpSidecarClient;
import io.dtvb.vaultsdk.framework.Backend;
import io.dtvb.vaultsdk.framework.BackendFactory;
import io.dtvb.vaultsdk.framework.Durations;
import io.dtvb.vaultsdk.framework.Log;
import io.dtvb.vaultsdk.plugin.ClassDataTraining;
import io.dtvb.vaultsdk.plugin.PluginServer;
import io.vertx.core.Vertx;
import java.time.Duration;
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
  private static final Log LOG = Log.named("dynatrace-plugin");

  /** Environment variable that shortens the write-ahead log's rollback age (tests only). */
  static final String WAL_MIN_AGE_ENV = "DVB_WAL_MIN_AGE";

  /** The launcher's argument for its install-time training run. */
  static final String TRAINING_FLAG = "--class-data-training";

  /** The Dynatrace engine, reaching the sidecar over mTLS through the plugin's Vert.x instance. */
  static BackendFactory factory(Vertx vertx) {
    return new DynatraceBackend(endpoint -> new HttpSidecarClient(vertx, endpoint),
        walMinAge(System.getenv(WAL_MIN_AGE_ENV)));
  }

  /**
   * Vault's 10-minute convention unless {@value #WAL_MIN_AGE_ENV} holds a duration of at least one
   * second (set with {@code plugin register -env}); an unreadable value keeps the default.
   */
  static Duration walMinAge(String raw) {
    if (raw == null || raw.isBlank()) {
      return Backend.DEFAULT_WAL_MIN_AGE;
    }
    try {
      Duration d = Durations.parse(raw.strip());
      if (d.compareTo(Duration.ofSeconds(1)) >= 0) {
        LOG.warn("write-ahead log rollback age shortened (tests only)", "wal_min_age", Durations.format(d));
        return d;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    LOG.error("ignoring " + WAL_MIN_AGE_ENV + ": not a duration of at least 1s; keeping the default",
        "value", raw);
    return Backend.DEFAULT_WAL_MIN_AGE;
  }

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
    return ClassDataTraining.run(PluginCommand::factory, "v" + VersionInfo.version());
  }

  /** Serves until Vault stops the plugin; the engine is built when Vault first sets up a mount. */
  static int serve() {
    return PluginServer.serve(PluginCommand::factory, "v" + VersionInfo.version(), System.getenv());
  }

  @Override
  public Integer call() {
    return serve();
  }
}
