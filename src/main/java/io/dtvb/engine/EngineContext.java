package io.dtvb.engine;

import io.dtvb.vaultsdk.framework.SystemView;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * What every endpoint of one mount shares: Vault's system view, time, randomness, the sidecar,
 * the mint journal, the mount's unique token-name prefix and its metrics.
 */
record EngineContext(SystemView system, Clock clock, SecureRandom random, UpstreamGateway upstream,
    MintJournal journal, String namePrefix, EngineMetrics metrics) {}
