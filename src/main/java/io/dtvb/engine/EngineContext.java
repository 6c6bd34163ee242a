package io.dtvb.engine;

import io.dtvb.vaultsdk.framework.SystemView;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * What every endpoint of one mount shares: Vault's system view, time, randomness, the sidecar,
 * the mint journal, the mount's unique token-name prefix, its metrics, and the mount's one lock
 * for changes of the minter credential (config writes, rotate-root, the periodic rotation and the
 * rollback of a rotation take turns on it, so none overwrites a credential another just stored).
 */
record EngineContext(SystemView system, Clock clock, SecureRandom random, UpstreamGateway upstream,
    MintJournal journal, String namePrefix, EngineMetrics metrics, Object credentialLock) {}
