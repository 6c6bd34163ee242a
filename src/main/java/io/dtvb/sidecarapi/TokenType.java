package io.dtvb.sidecarapi;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Which kind of Dynatrace token a lease holds: a classic access token ({@code dt0c01}, minted
 * through the environment's {@code /apiTokens}) or a platform token ({@code dt0s16}, minted
 * through the Account Management API). A missing value means classic (leases and lease-log
 * entries written before platform tokens existed).
 */
public enum TokenType {
  CLASSIC("classic"),
  PLATFORM("platform");

  /** The prefix of a platform token's id and secret. */
  public static final String PLATFORM_PREFIX = "dt0s16.";

  private final String wire;

  TokenType(String wire) {
    this.wire = wire;
  }

  /** The value of the {@code token_type} field. */
  @JsonValue
  public String wire() {
    return wire;
  }

  /** The type for a field value, or null when the value names none. */
  public static TokenType fromWire(String value) {
    for (TokenType t : values()) {
      if (t.wire.equals(value)) {
        return t;
      }
    }
    return null;
  }

  /** The type of a token id (or secret): platform tokens start with {@value #PLATFORM_PREFIX}. */
  public static TokenType ofTokenId(String tokenId) {
    return tokenId != null && tokenId.startsWith(PLATFORM_PREFIX) ? PLATFORM : CLASSIC;
  }

  /** Null as classic. */
  public static TokenType orClassic(TokenType t) {
    return t == null ? CLASSIC : t;
  }

  @JsonCreator
  static TokenType parse(String value) {
    TokenType t = fromWire(value);
    if (t == null) {
      throw new InvalidMessage("token_type", "must be classic or platform");
    }
    return t;
  }
}
