package io.dtvb.dynatrace;

import java.time.Instant;
import java.util.List;

/** What to mint: a unique name, the scopes, a fixed expiry and the token kind. */
public record TokenCreateRequest(
    String name, List<String> scopes, Instant expirationDate, boolean personalAccessToken) {}
