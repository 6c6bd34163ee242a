package io.dtvb.sidecar;

import io.dtvb.leaselog.EventType;
import io.dtvb.leaselog.LeaseEvent;
import io.dtvb.leaselog.LeaseLog;
import io.dtvb.sidecarapi.ConnectionSettings;
import io.dtvb.sidecarapi.LeaseContext;
import io.dtvb.sidecarapi.TokenType;
import io.dtvb.sidecarapi.Redaction;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns what the sidecar did into lease-log entries. The event is decided here, from the operation
 * and its outcome ({@link #eventFor}), never from a caller's words; the environment and credential
 * fingerprint come from the sidecar's own connection; any value shaped like a secret is redacted
 * (and counted), never a reason to drop the entry. {@link #record} fails when the entry could not
 * be stored (a mint is then undone); {@link #recordOrQueue} keeps a failed entry in a bounded queue
 * that a timer appends later (a revocation has happened and must not be hidden).
 *
 * <p>Appends run concurrently on worker threads and each completes only once its entry is durable:
 * the log serializes them and can commit concurrent ones together. No order is lost by that:
 * events about one token depend on each other through the plugin (a revoke is only asked for
 * after the mint's answer, which waited for the mint's entry), and one request's entries are
 * appended one after the other.
 */
final class LeaseRecorder {
  /** The sidecar operations that the lease log records. */
  enum Operation { MINT, MINTER, REVOKE, SWEEP, RETIRE, REVOKE_BY_NAME, RENEWED, REFUSED }

  /** How an operation ended. */
  enum Outcome { DONE, ALREADY_GONE, FAILED }

  /** What happened, as the sidecar saw it. */
  record Fact(String connectionId, ConnectionService.Connection connection, String tokenId, String tokenName,
      List<String> scopes, LeaseContext lease, String reason, int upstreamStatus) {}

  static final int MAX_PENDING = 10_000;

  private final Vertx vertx;
  private final LeaseLog log;
  private final SidecarMetrics metrics;
  private final Deque<LeaseEvent> pending = new ArrayDeque<>();
  private final AtomicInteger redactions = new AtomicInteger();
  private volatile boolean lastAppendFailed;
  /** Set while a retry pass runs, so a slow pass and the next timer tick never append an entry twice. */
  private final java.util.concurrent.atomic.AtomicBoolean retrying = new java.util.concurrent.atomic.AtomicBoolean();

  LeaseRecorder(Vertx vertx, LeaseLog log, SidecarMetrics metrics) {
    this.vertx = vertx;
    this.log = log;
    this.metrics = metrics;
  }

  /** The one mapping of (operation, outcome) to the event the log records. */
  static EventType eventFor(Operation op, Outcome outcome) {
    boolean failed = outcome == Outcome.FAILED;
    return switch (op) {
      case MINT, MINTER -> failed ? EventType.MINT_FAILED : EventType.MINTED;
      case REVOKE -> failed ? EventType.REVOKE_FAILED
          : outcome == Outcome.ALREADY_GONE ? EventType.ALREADY_GONE : EventType.REVOKED;
      case SWEEP -> failed ? EventType.REVOKE_FAILED : EventType.SWEPT;
      case RETIRE -> failed ? EventType.REVOKE_FAILED : EventType.ROTATED_ROOT;
      case REVOKE_BY_NAME -> failed ? EventType.REVOKE_FAILED : EventType.ROLLED_BACK;
      case RENEWED -> failed ? EventType.RENEW_FAILED : EventType.RENEWED;
      case REFUSED -> EventType.REFUSED;
    };
  }

  /** Appends the entry; fails (retryable) when the log cannot store it. */
  Future<Void> record(Operation op, Outcome outcome, Fact fact) {
    LeaseEvent e = event(op, outcome, fact);
    return append(e).mapEmpty();
  }

  /** Appends the entry; on failure keeps it for the background retry and succeeds anyway. */
  Future<Void> recordOrQueue(Operation op, Outcome outcome, Fact fact) {
    LeaseEvent e = event(op, outcome, fact);
    return append(e).<Void>mapEmpty().recover(err -> {
      queue(e);
      return Future.succeededFuture();
    });
  }

  /** Whether the lease log is failing now: the last append failed or entries wait for their retry. */
  boolean failing() {
    return lastAppendFailed || pendingCount() > 0;
  }

  synchronized int pendingCount() {
    return pending.size();
  }

  /** Appends the queued entries in order, stopping at the first failure (called by a timer). */
  Future<Void> retryPending() {
    if (log == null || !retrying.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    return retryNext().andThen(ar -> retrying.set(false));
  }

  private Future<Void> retryNext() {
    LeaseEvent next;
    synchronized (this) {
      next = pending.peekFirst();
    }
    if (next == null) {
      return Future.succeededFuture();
    }
    return vertx.<Long>executeBlocking(() -> log.append(next), false).compose(i -> {
      synchronized (this) {
        pending.pollFirst();
      }
      lastAppendFailed = false;
      metrics.count("dvb_sidecar_lease_log_retried_appends", "queued lease-log entries appended by the retry");
      SidecarLog.log("info", "queued lease-log entry appended", new JsonObject().put("index", i)
          .put("event", next.type().wireName()).put("token_id", next.tokenId()));
      return retryNext();
    }, err -> {
      lastAppendFailed = true;
      return Future.succeededFuture();
    });
  }

  /** What the log says of a token for a connection (renewals); UNKNOWN when the log is off. */
  Future<LeaseLog.TokenStatus> tokenStatus(String connectionId, String tokenId) {
    if (log == null) {
      return Future.succeededFuture(LeaseLog.TokenStatus.UNKNOWN);
    }
    return vertx.executeBlocking(() -> log.tokenStatus(connectionId, tokenId), false);
  }

  boolean logOn() {
    return log != null;
  }

  private synchronized void queue(LeaseEvent e) {
    if (pending.size() >= MAX_PENDING) {
      metrics.count("dvb_sidecar_lease_log_lost", "lease-log entries lost because the retry queue was full");
      SidecarLog.log("error", "lease-log retry queue full: this entry exists only in this log line",
          describe(e));
      return;
    }
    pending.addLast(e);
    metrics.count("dvb_sidecar_lease_log_queued", "lease-log entries queued for a retried append");
  }

  private Future<Long> append(LeaseEvent e) {
    metrics.event(e.type().wireName());
    SidecarLog.log("info", "lease event", describe(e));
    if (log == null) {
      return Future.succeededFuture(-1L);
    }
    return vertx.<Long>executeBlocking(() -> log.append(e), false)
        .onSuccess(i -> lastAppendFailed = false)
        .onFailure(err -> {
          lastAppendFailed = true;
          metrics.count("dvb_sidecar_lease_log_append_failures", "lease-log appends that failed");
          SidecarLog.log("error", "lease log append failed", describe(e)
              .put("error", Redaction.scrub(String.valueOf(err.getMessage()))));
        });
  }

  private static JsonObject describe(LeaseEvent e) {
    return new JsonObject().put("event", e.type().wireName()).put("connection", e.connection())
        .put("token_id", e.tokenId()).put("token_name", e.tokenName()).put("reason", e.reason());
  }

  /** The entry for a fact, every text field redacted of secret shapes (counted). */
  LeaseEvent event(Operation op, Outcome outcome, Fact f) {
    List<String> secrets = f.connection() == null ? List.of() : f.connection().secrets();
    java.util.function.UnaryOperator<String> clean = v -> clean(v, secrets);
    LeaseContext l = f.lease() == null ? LeaseContext.ofName(null, null, null) : f.lease();
    Map<String, String> metadata = new LinkedHashMap<>();
    l.metadata().forEach((k, v) -> metadata.put(clean.apply(k), clean.apply(v)));
    List<String> scopes = new ArrayList<>();
    if (f.scopes() != null) {
      f.scopes().forEach(s -> scopes.add(clean.apply(s)));
    }
    String tokenName = f.tokenName() != null ? f.tokenName() : l.tokenName();
    LeaseEvent e = new LeaseEvent(eventFor(op, outcome), Instant.now(), clean.apply(l.mount()),
        clean.apply(l.role()), clean.apply(l.entityId()), clean.apply(l.displayName()), clean.apply(l.requestId()),
        clean.apply(f.connectionId()), clean.apply(f.tokenId()), clean.apply(tokenName), scopes, l.hardEnd(),
        clean.apply(f.reason()),
        Math.max(0, Math.min(999, f.upstreamStatus())), metadata);
    TokenType type = l.tokenType() != null ? l.tokenType()
        : f.tokenId() != null ? TokenType.ofTokenId(f.tokenId()) : null;
    if (type != null && (f.tokenId() != null || tokenName != null)) {
      e = e.withTokenType(type.wire());
    }
    if (f.connection() != null) {
      ConnectionSettings s = f.connection().settings();
      e = e.withMinter(f.connection().environment(),
          type == TokenType.PLATFORM ? s.accountCredentialFingerprint() : s.credentialFingerprint());
    }
    return e;
  }

  private String clean(String value, List<String> secrets) {
    if (value == null) {
      return null;
    }
    String out = Redaction.scrub(value, secrets);
    if (!out.equals(value)) {
      redactions.incrementAndGet();
      metrics.count("dvb_sidecar_lease_log_redactions", "lease-context values redacted because they looked secret");
    }
    return out;
  }
}
