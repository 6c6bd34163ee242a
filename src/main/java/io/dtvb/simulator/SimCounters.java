package io.dtvb.simulator;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;

/** What the simulator has done so far, for tests and the state view. */
public final class SimCounters {
  final AtomicLong requests = new AtomicLong();
  final AtomicLong creates = new AtomicLong();
  final AtomicLong deletes = new AtomicLong();
  final AtomicLong rateLimited = new AtomicLong();
  final AtomicLong serverErrors = new AtomicLong();
  final AtomicLong outages = new AtomicLong();
  final AtomicLong ssoGrants = new AtomicLong();

  /** Tokens created (201 answers). */
  /** Every token-API request (faulted ones included). */
  public long requests() {
    return requests.get();
  }

  public long serverErrors() {
    return serverErrors.get();
  }

  public long outages() {
    return outages.get();
  }

  public long creates() {
    return creates.get();
  }

  /** Tokens deleted (204 answers to DELETE). */
  public long deletes() {
    return deletes.get();
  }

  /** 429 answers served by the fault switch. */
  public long rateLimited() {
    return rateLimited.get();
  }

  /** Bearer tokens issued by the SSO endpoint. */
  public long ssoGrants() {
    return ssoGrants.get();
  }

  /** All counters as snake_case JSON. */
  public JsonObject toJson() {
    return new JsonObject().put("requests", requests.get()).put("creates", creates.get())
        .put("deletes", deletes.get()).put("rate_limited", rateLimited.get())
        .put("server_errors", serverErrors.get()).put("outages", outages.get())
        .put("sso_grants", ssoGrants.get());
  }
}
