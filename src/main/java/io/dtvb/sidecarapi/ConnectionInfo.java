package io.dtvb.sidecarapi;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer to {@code PUT /v1/connections/{id}}: the connection as the sidecar now holds it,
 * described without its secret (the settings' and the credential's fingerprints).
 */
public record ConnectionInfo(
    @JsonProperty("connection_id") String connectionId,
    @JsonProperty("auth_mode") String authMode,
    @JsonProperty("environment_url") String environmentUrl,
    @JsonProperty("credential_fingerprint") String credentialFingerprint,
    @JsonProperty("settings_fingerprint") String settingsFingerprint) {}
