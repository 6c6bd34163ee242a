package io.dtvb.sidecar;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sidecar's metrics (micrometer, Prometheus text at /metrics) and each connection's health:
 * every Dynatrace-facing operation is timed and counted by outcome, in-flight operations are a
 * gauge, and the last outcome per connection decides readiness. No token or credential in a tag.
 */
public final class SidecarMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Map<String, Health> health = new ConcurrentHashMap<>();

  /** A connection's last known state towards Dynatrace. */
  record Health(boolean ok, Instant at, String reason) {}

  public SidecarMetrics() {
    Gauge.builder("dvb_sidecar_operations_in_flight", inFlight, AtomicInteger::get)
        .description("Dynatrace-facing operations in progress").register(registry);
    Gauge.builder("dvb_sidecar_dynatrace_calls_in_flight", dynatraceInFlight, AtomicInteger::get)
        .description("calls to Dynatrace in flight (queued ones not counted)").register(registry);
    Gauge.builder("dvb_sidecar_dynatrace_breakers_open", breakersOpen, AtomicInteger::get)
        .description("connections whose circuit breaker is open").register(registry);
  }

  /** The registry, for the Dynatrace client's own meters (retries, throttling, breaker). */
  public MeterRegistry registry() {
    return registry;
  }

  /** Times and counts one operation of a connection and records the connection's health from it. */
  <T> Future<T> observe(String operation, String connectionId, Future<T> call) {
    long started = System.nanoTime();
    inFlight.incrementAndGet();
    return call.andThen(ar -> {
      inFlight.decrementAndGet();
      String outcome = ar.succeeded() ? "ok" : ApiError.classify(ar.cause()).kind.wire();
      Timer.builder("dvb_sidecar_operation_duration").description("Dynatrace-facing operation latency")
          .tag("operation", operation).tag("outcome", outcome).publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofMillis(5)).maximumExpectedValue(Duration.ofSeconds(60))
          .register(registry).record(Duration.ofNanos(System.nanoTime() - started));
      Counter.builder("dvb_sidecar_operations").description("Dynatrace-facing operations by outcome")
          .tag("operation", operation).tag("outcome", outcome).register(registry).increment();
      if (connectionId == null) {
        return; // a candidate check says nothing about the live connection
      }
      if (ar.succeeded()) {
        health.put(connectionId, new Health(true, Instant.now(), ""));
      } else if ("retryable".equals(outcome) || "rejected".equals(outcome)) {
        health.put(connectionId, new Health(false, Instant.now(), ApiError.classify(ar.cause()).getMessage()));
      }
    });
  }

  private final AtomicInteger dynatraceInFlight = new AtomicInteger();
  private final AtomicInteger breakersOpen = new AtomicInteger();

  /**
   * The Dynatrace clients' observer: retries by status, 429s, refusals (breaker open, queue full),
   * breaker transitions, and gauges of open breakers and calls in flight.
   */
  public io.dtvb.dynatrace.DynatraceCallListener clientListener() {
    return new io.dtvb.dynatrace.DynatraceCallListener() {
      @Override
      public void onRetry(String what, int attempt, int status, Duration delay) {
        Counter.builder("dvb_sidecar_dynatrace_retries").description("Dynatrace calls retried, by the failed status (0 = no answer)")
            .tag("status", Integer.toString(status)).register(registry).increment();
      }

      @Override
      public void onThrottled(String what) {
        Counter.builder("dvb_sidecar_dynatrace_throttled").description("429 answers from Dynatrace")
            .register(registry).increment();
      }

      @Override
      public void onRejected(String what, String why) {
        Counter.builder("dvb_sidecar_dynatrace_rejected").description("calls refused before reaching Dynatrace")
            .tag("why", why).register(registry).increment();
      }

      @Override
      public void onBreakerState(io.dtvb.dynatrace.CircuitBreaker.State state) {
        Counter.builder("dvb_sidecar_dynatrace_breaker_transitions").description("circuit breaker state changes")
            .tag("state", state.name().toLowerCase(java.util.Locale.ROOT)).register(registry).increment();
        if (state == io.dtvb.dynatrace.CircuitBreaker.State.OPEN) {
          breakersOpen.incrementAndGet();
        } else if (state == io.dtvb.dynatrace.CircuitBreaker.State.HALF_OPEN) {
          breakersOpen.decrementAndGet();
        }
      }

      @Override
      public void onInFlight(int delta) {
        dynatraceInFlight.addAndGet(delta);
      }
    };
  }

  /** Counts a lease event the sidecar recorded. */
  void event(String event) {
    Counter.builder("dvb_sidecar_lease_events").description("lease events recorded, by event")
        .tag("event", event).register(registry).increment();
  }

  /** Counts one occurrence of a named event (forbidden calls, lease-log redactions, retries, ...). */
  void count(String name, String description) {
    Counter.builder(name).description(description).register(registry).increment();
  }

  /** Forgets a removed connection's health. */
  void forget(String connectionId) {
    health.remove(connectionId);
  }

  /**
   * Ready when at least one connection is known, the last Dynatrace call of every known connection
   * succeeded and the lease log records. Shows counts and states; names (with their last failure)
   * only the connections in {@code visible}, the caller's own.
   */
  JsonObject readiness(java.util.Set<String> connections, java.util.Set<String> visible, boolean logFailing,
      int pendingEntries) {
    boolean ready = !connections.isEmpty();
    int failing = 0;
    int unknown = 0;
    JsonObject own = new JsonObject();
    for (String id : connections) {
      Health h = health.get(id);
      boolean ok = h != null && h.ok();
      ready &= ok;
      failing += h != null && !h.ok() ? 1 : 0;
      unknown += h == null ? 1 : 0;
      if (visible.contains(id)) {
        own.put(id, h == null ? new JsonObject().put("status", "unknown")
            : new JsonObject().put("status", h.ok() ? "ok" : "failing").put("at", h.at().toString())
                .put("reason", h.reason()));
      }
    }
    String reason = connections.isEmpty() ? "no connection pushed yet"
        : !ready ? "a connection is not known to work" : logFailing ? "lease log appends are failing" : "";
    JsonObject out = new JsonObject().put("status", ready && !logFailing ? "ready" : "not_ready")
        .put("connections", new JsonObject().put("total", connections.size()).put("failing", failing)
            .put("unknown", unknown))
        .put("lease_log", new JsonObject().put("status", logFailing ? "failing" : "ok")
            .put("pending_entries", pendingEntries))
        .put("reason", reason);
    if (!visible.isEmpty()) {
      out.put("own_connections", own);
    }
    return out;
  }

  /** Prometheus text exposition format. */
  String scrape() {
    return registry.scrape();
  }
}
