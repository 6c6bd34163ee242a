package io.dtvb.simulator;

import java.time.Clock;
import java.time.Duration;

/**
 * How to run a simulator: listen address, environment id (null = random), OAuth bearer lifetime, the
 * base clock, the owner of the admin token, whether to log each request on stderr, and whether the
 * environment starts in Phase 3 (classic token creation refused).
 */
public record SimulatorOptions(
    String host,
    int port,
    String environmentId,
    Duration bearerLifetime,
    Clock clock,
    String adminOwner,
    boolean logRequests,
    boolean phase3) {

  /** Loopback, random port, random environment id, 300 s bearers, system clock, quiet. */
  public static SimulatorOptions defaults() {
    return new SimulatorOptions("127.0.0.1", 0, null, Duration.ofSeconds(300), Clock.systemUTC(),
        "admin@simulator.local", false, false);
  }

  public SimulatorOptions {
    if (bearerLifetime == null || bearerLifetime.toSeconds() < 1) {
      throw new IllegalArgumentException("bearerLifetime must be at least one second");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535");
    }
  }

  public SimulatorOptions withHost(String value) {
    return new SimulatorOptions(value, port, environmentId, bearerLifetime, clock, adminOwner, logRequests, phase3);
  }

  public SimulatorOptions withPort(int value) {
    return new SimulatorOptions(host, value, environmentId, bearerLifetime, clock, adminOwner, logRequests, phase3);
  }

  public SimulatorOptions withEnvironmentId(String value) {
    return new SimulatorOptions(host, port, value, bearerLifetime, clock, adminOwner, logRequests, phase3);
  }

  public SimulatorOptions withBearerLifetime(Duration value) {
    return new SimulatorOptions(host, port, environmentId, value, clock, adminOwner, logRequests, phase3);
  }

  public SimulatorOptions withClock(Clock value) {
    return new SimulatorOptions(host, port, environmentId, bearerLifetime, value, adminOwner, logRequests, phase3);
  }

  public SimulatorOptions withAdminOwner(String value) {
    return new SimulatorOptions(host, port, environmentId, bearerLifetime, clock, value, logRequests, phase3);
  }

  public SimulatorOptions withLogRequests(boolean value) {
    return new SimulatorOptions(host, port, environmentId, bearerLifetime, clock, adminOwner, value, phase3);
  }

  /** Starts the environment in Phase 3 ({@link DynatraceSimulator#phase3(boolean)} changes it later). */
  public SimulatorOptions withPhase3(boolean value) {
    return new SimulatorOptions(host, port, environmentId, bearerLifetime, clock, adminOwner, logRequests, value);
  }
}
