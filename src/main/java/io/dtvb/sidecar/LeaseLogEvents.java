package io.dtvb.sidecar;

import io.dtvb.leaselog.EventType;
import io.dtvb.leaselog.LeaseEvent;
import io.dtvb.leaselog.LeaseLog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Records lease events in the signed lease log: each event becomes a {@link LeaseEvent} and is
 * appended on a worker thread, in order, before the plugin gets its answer. A failed append is
 * logged loudly, counted and makes the sidecar not ready, but never hides an upstream result.
 */
public final class LeaseLogEvents implements LeaseEvents {
  private final Vertx vertx;
  private final LeaseLog log;
  private final AtomicBoolean lastAppendFailed = new AtomicBoolean();

  public LeaseLogEvents(Vertx vertx, LeaseLog log) {
    this.vertx = vertx;
    this.log = log;
  }

  @Override
  public Future<Void> record(String event, JsonObject fields) {
    SidecarLog.log("info", "lease event", fields.copy().put("event", event));
    LeaseEvent e;
    try {
      e = toEvent(event, fields, Instant.now());
    } catch (RuntimeException ex) {
      return failed(event, fields, ex);
    }
    return vertx.<Long>executeBlocking(() -> log.append(e), true)
        .<Void>map(index -> {
          lastAppendFailed.set(false);
          return null;
        })
        .recover(err -> failed(event, fields, err));
  }

  /** True when the last append failed (readiness reports it). */
  public boolean failing() {
    return lastAppendFailed.get();
  }

  private Future<Void> failed(String event, JsonObject fields, Throwable err) {
    lastAppendFailed.set(true);
    SidecarLog.log("error", "lease log append failed: the event is only in this log line",
        new JsonObject().put("event", event).put("token_id", fields.getString("token_id"))
            .put("error", String.valueOf(err.getMessage())));
    return Future.succeededFuture();
  }

  /** The lease event for a sidecar event name and its fields (see {@link TokenService}). */
  static LeaseEvent toEvent(String event, JsonObject f, Instant now) {
    EventType type = EventType.fromWire(event);
    if (type == null) {
      throw new IllegalArgumentException("unknown lease event " + event);
    }
    JsonObject lease = f.getValue("lease") instanceof JsonObject l ? l : new JsonObject();
    String tokenName = f.getString("name", lease.getString("token_name"));
    List<String> scopes = new ArrayList<>();
    if (f.getValue("scopes") instanceof JsonArray a) {
      a.forEach(s -> scopes.add(String.valueOf(s)));
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    if (lease.getValue("metadata") instanceof JsonObject m) {
      m.forEach(en -> metadata.put(en.getKey(), String.valueOf(en.getValue())));
    }
    Instant hardEnd = instant(lease.getString("hard_end"));
    return new LeaseEvent(type, now, lease.getString("mount"), lease.getString("role"),
        lease.getString("entity_id"), lease.getString("display_name"), lease.getString("request_id"),
        f.getString("connection"), f.getString("token_id"), tokenName, scopes, hardEnd,
        f.getString("reason"), f.getInteger("upstream_status", 0), metadata);
  }

  private static Instant instant(String text) {
    try {
      return text == null || text.isEmpty() ? null : Instant.parse(text);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
