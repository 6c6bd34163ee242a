package io.dtvb.cli;

import io.dtvb.engine.DynatraceBackend;
import io.dtvb.engine.HttpSidecarClient;
import io.dtvb.vaultsdk.framework.Backend;
import io.dtvb.vaultsdk.framework.BackendFactory;
import io.dtvb.vaultsdk.framework.Durations;
import io.dtvb.vaultsdk.framework.Log;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * The Dynatrace engine as the plugin process builds it, kept out of {@link PluginCommand} so that
 * none of the engine is loaded before the handshake (the plugin builds it at the first Setup).
 */
final class PluginEngine {
  private static final Log LOG = Log.named("dynatrace-plugin");

  /** Environment variable that shortens the write-ahead log's rollback age (tests only). */
  static final String WAL_MIN_AGE_ENV = "DVB_WAL_MIN_AGE";

  private PluginEngine() {}

  /** The engine, reaching the sidecar over mTLS through the plugin's Vert.x instance. */
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
}
