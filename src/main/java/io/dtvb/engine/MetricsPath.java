package io.dtvb.engine;

import io.dtvb.vaultsdk.framework.Field;
import io.dtvb.vaultsdk.framework.FieldData;
import io.dtvb.vaultsdk.framework.FieldType;
import io.dtvb.vaultsdk.framework.Operation;
import io.dtvb.vaultsdk.framework.Path;
import io.dtvb.vaultsdk.framework.Request;
import io.dtvb.vaultsdk.framework.Response;
import io.dtvb.vaultsdk.framework.UserError;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code metrics} endpoint: the mount's counters read through Vault, so Vault policies guard
 * them and Vault's audit devices record who read them. JSON by default, Prometheus text on request.
 */
final class MetricsPath {
  private final EngineContext ctx;

  MetricsPath(EngineContext ctx) {
    this.ctx = ctx;
  }

  Path path() {
    return Path.builder("metrics")
        .fields(Field.of("format", FieldType.STRING, "json (default) or prometheus.").defaultValue("json"))
        .operation(Operation.READ, this::read, "The mount's counters since the plugin started.")
        .help(SYNOPSIS, DESCRIPTION)
        .build();
  }

  private Response read(Request req, FieldData data) {
    String format = data.getString("format");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("since", ctx.metrics().since().toString());
    out.put("live_tokens", req.storage().list(TokenInventory.STORAGE_PREFIX).size());
    switch (format) {
      case "json" -> out.put("metrics", ctx.metrics().snapshot());
      case "prometheus" -> out.put("prometheus", ctx.metrics().prometheusText());
      default -> throw UserError.invalidField("format", "must be json or prometheus");
    }
    return Response.of(out);
  }

  private static final String SYNOPSIS = "Counters of this mount: mints, revokes, renewals, rollbacks, tidy, rotations.";

  private static final String DESCRIPTION = """
      Counts since the plugin process started (they restart at zero with it; live_tokens is read
      from the token inventory and is always current): dvb_engine_mints{outcome=ok|rejected|invalid|
      retryable|unknown_connection|forbidden|quota_reached|deadline_exceeded,token_type=classic|platform}
      with dvb_engine_mint_duration{outcome,token_type}, dvb_engine_revokes{outcome=deleted|
      already_gone|failed|left_at_unmount|other_environment,token_type}, dvb_engine_renewals
      {renewable,token_type}, dvb_engine_renewals_refused{outcome=refused|unavailable,token_type} (a
      platform token's expiry could not be moved, so the lease was not extended),
      dvb_engine_rollbacks{kind,outcome}, dvb_engine_tidy_runs{outcome},
      dvb_engine_tidy_orphans_deleted, dvb_engine_tidy_expired_deleted (expired platform tokens) and
      dvb_engine_root_rotations{outcome}. format=prometheus answers the Prometheus text exposition in
      the prometheus field. The sidecar's own metrics (Dynatrace calls, retries, throttling,
      breaker) are at its /metrics endpoint.
      """;
}
