package io.dtvb.leaselog;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Test events that look like what the sidecar writes. */
final class Events {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123Z");

  private Events() {}

  static LeaseEvent sample(int i) {
    EventType type = EventType.values()[i % EventType.values().length];
    return LeaseEvent.of(type, T0.plusSeconds(60L * i))
        .withLease("dynatrace", i % 2 == 0 ? "ci-reader" : "deployer", "entity-" + (i % 3), "user-" + (i % 3),
            "req-" + i)
        .withToken("dt0c01.TOKENID" + i, "vault-ci-reader-" + i, List.of("metrics.read", "logs.read"),
            T0.plusSeconds(3600L + i))
        .withOutcome(type == EventType.MINT_FAILED ? "ok " + i + ", then upstream said no" : "ok " + i,
            type == EventType.MINT_FAILED ? 503 : 201)
        .withContext("prod", Map.of("ttl", "1h", "lease_id", "dynatrace/creds/ci-reader/" + i));
  }
}
