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
  final AtomicLong badRequests = new AtomicLong();
  final AtomicLong accountCreates = new AtomicLong();
  final AtomicLong accountDeletes = new AtomicLong();
  final AtomicLong accountExpirationUpdates = new AtomicLong();
  final AtomicLong accountStatusUpdates = new AtomicLong();

  /** Every request outside {@code /_sim/} (faulted ones included). */
  public long requests() {
    return requests.get();
  }

  public long serverErrors() {
    return serverErrors.get();
  }

  public long outages() {
    return outages.get();
  }

  /** Classic tokens created (201 answers). */
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

  /** 4xx answers served by the fault switch's bad_request mode. */
  public long badRequests() {
    return badRequests.get();
  }

  /** Platform tokens minted through the Account Management API (200 answers to POST). */
  public long accountCreates() {
    return accountCreates.get();
  }

  /** Platform tokens deleted through the Account Management API. */
  public long accountDeletes() {
    return accountDeletes.get();
  }

  /** Successful {@code PUT …/expiration-date} calls. */
  public long accountExpirationUpdates() {
    return accountExpirationUpdates.get();
  }

  /** Successful {@code PUT …/status} calls. */
  public long accountStatusUpdates() {
    return accountStatusUpdates.get();
  }

  /** All counters as snake_case JSON. */
  public JsonObject toJson() {
    return new JsonObject().put("requests", requests.get()).put("creates", creates.get())
        .put("deletes", deletes.get()).put("rate_limited", rateLimited.get())
        .put("server_errors", serverErrors.get()).put("outages", outages.get())
        .put("sso_grants", ssoGrants.get()).put("bad_requests", badRequests.get())
        .put("account_creates", accountCreates.get())
        .put("account_deletes", accountDeletes.get())
        .put("account_expiration_updates", accountExpirationUpdates.get())
        .put("account_status_updates", accountStatusUpdates.get());
  }
}
