package io.dtvb.engine;

import io.dtvb.sidecarapi.TokenType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One mount's counters and timers (micrometer), kept in the plugin process since it started and
 * read through Vault at {@code metrics}: mints, revokes, renewals, rollbacks, tidy and rotations
 * by outcome, and mints, revokes and renewals also by {@code token_type} (classic or platform).
 * Never a token, name or credential in a tag.
 */
final class EngineMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Instant since;

  EngineMetrics(Instant since) {
    this.since = since;
  }

  Instant since() {
    return since;
  }

  /** The tag that tells classic from platform tokens. */
  static final String TOKEN_TYPE = "token_type";

  void mint(String outcome, TokenType type, Duration took) {
    Counter.builder("dvb_engine_mints").description("creds requests by outcome and token type")
        .tag("outcome", outcome).tag(TOKEN_TYPE, type.wire()).register(registry).increment();
    if (took != null) {
      Timer.builder("dvb_engine_mint_duration").description("time to mint a token through the sidecar")
          .tag("outcome", outcome).tag(TOKEN_TYPE, type.wire()).register(registry).record(took);
    }
  }

  void revoke(String outcome, TokenType type) {
    Counter.builder("dvb_engine_revokes").description("lease revocations by outcome and token type")
        .tag("outcome", outcome).tag(TOKEN_TYPE, type.wire()).register(registry).increment();
  }

  void renewal(boolean renewable, TokenType type) {
    Counter.builder("dvb_engine_renewals").description("lease renewals by whether a further renewal is possible")
        .tag("renewable", Boolean.toString(renewable)).tag(TOKEN_TYPE, type.wire()).register(registry).increment();
  }

  /** A renewal refused because the platform token's expiry could not be moved (refused or unavailable). */
  void renewalRefused(String outcome, TokenType type) {
    Counter.builder("dvb_engine_renewals_refused")
        .description("lease renewals refused because the token's expiry could not be moved")
        .tag("outcome", outcome).tag(TOKEN_TYPE, type.wire()).register(registry).increment();
  }

  void rollback(String kind, String outcome) {
    Counter.builder("dvb_engine_rollbacks").description("write-ahead-log rollbacks by kind and outcome")
        .tag("kind", kind).tag("outcome", outcome).register(registry).increment();
  }

  void tidy(String outcome, int orphansDeleted, int expiredDeleted) {
    count("dvb_engine_tidy_runs", "tidy runs by outcome", "outcome", outcome);
    Counter.builder("dvb_engine_tidy_orphans_deleted").description("orphaned tokens deleted by tidy")
        .register(registry).increment(orphansDeleted);
    Counter.builder("dvb_engine_tidy_expired_deleted")
        .description("expired platform tokens (still counted against the owner's cap) deleted by tidy")
        .register(registry).increment(expiredDeleted);
  }

  void rotation(String outcome) {
    count("dvb_engine_root_rotations", "minter token rotations by outcome", "outcome", outcome);
  }

  private void count(String name, String description, String tag, String value) {
    Counter.builder(name).description(description).tag(tag, value).register(registry).increment();
  }

  /** The Prometheus text exposition of every meter. */
  String prometheusText() {
    return registry.scrape();
  }

  /** Every counter as {@code name{tag=value,...}} → count, and every timer's count and total seconds. */
  Map<String, Object> snapshot() {
    Map<String, Object> out = new TreeMap<>();
    for (Meter m : registry.getMeters()) {
      String key = m.getId().getName() + m.getId().getTags().stream()
          .map(t -> t.getKey() + "=" + t.getValue()).reduce((a, b) -> a + "," + b).map(s -> "{" + s + "}").orElse("");
      if (m instanceof Counter c) {
        out.put(key, (long) c.count());
      } else if (m instanceof Timer t) {
        out.put(key + ".count", t.count());
        out.put(key + ".seconds_total", t.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS) / 1000.0);
        out.put(key + ".seconds_max", t.max(java.util.concurrent.TimeUnit.MILLISECONDS) / 1000.0);
      }
    }
    return out;
  }
}
