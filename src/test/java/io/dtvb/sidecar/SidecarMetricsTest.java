package io.dtvb.sidecar;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.dynatrace.CircuitBreaker;
import io.dtvb.dynatrace.DynatraceCallListener;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Dynatrace client's resilience decisions show up in the sidecar's Prometheus text. */
class SidecarMetricsTest {

  @Test
  void retriesThrottlingRefusalsAndBreakerStateAreExposed() {
    SidecarMetrics metrics = new SidecarMetrics();
    DynatraceCallListener l = metrics.clientListener();

    l.onRetry("DELETE /apiTokens/x", 1, 503, Duration.ofMillis(250));
    l.onThrottled("POST /apiTokens");
    l.onRejected("GET /apiTokens", "breaker open");
    l.onBreakerState(CircuitBreaker.State.OPEN);
    l.onInFlight(1);
    String open = metrics.scrape();
    l.onBreakerState(CircuitBreaker.State.HALF_OPEN);
    l.onBreakerState(CircuitBreaker.State.CLOSED);
    l.onInFlight(-1);
    String closed = metrics.scrape();

    assertTrue(open.contains("dvb_sidecar_dynatrace_retries_total{status=\"503\"} 1.0"), open);
    assertTrue(open.contains("dvb_sidecar_dynatrace_throttled_total 1.0"), open);
    assertTrue(open.contains("dvb_sidecar_dynatrace_rejected_total{why=\"breaker open\"} 1.0"), open);
    assertTrue(open.contains("dvb_sidecar_dynatrace_breakers_open 1.0"), open);
    assertTrue(open.contains("dvb_sidecar_dynatrace_calls_in_flight 1.0"), open);
    assertTrue(closed.contains("dvb_sidecar_dynatrace_breakers_open 0.0"), closed);
    assertTrue(closed.contains("dvb_sidecar_dynatrace_breaker_transitions_total{state=\"closed\"} 1.0"), closed);
  }
}
