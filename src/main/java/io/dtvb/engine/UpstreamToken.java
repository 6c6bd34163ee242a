package io.dtvb.engine;

import java.time.Instant;

/** A token as Dynatrace lists it: id, name and expiry (null when it never expires), never its value. */
public record UpstreamToken(String tokenId, String name, Instant expiration) {}
