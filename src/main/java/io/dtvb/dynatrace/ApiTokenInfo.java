package io.dtvb.dynatrace;

import java.time.Instant;
import java.util.List;

/** Token metadata as Dynatrace reports it (never the secret); expirationDate is null when it never expires. */
public record ApiTokenInfo(
    String id,
    String name,
    boolean enabled,
    String owner,
    List<String> scopes,
    Instant creationDate,
    Instant expirationDate) {}
