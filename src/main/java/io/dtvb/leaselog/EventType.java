package io.dtvb.leaselog;

import java.util.Locale;

/** What happened to a lease or its token; {@link #wireName()} is the name written to the log. */
public enum EventType {
  MINTED,
  RENEWED,
  REVOKED,
  ALREADY_GONE,
  ROLLED_BACK,
  SWEPT,
  MINT_FAILED,
  REVOKE_FAILED,
  ROTATED_ROOT,
  /** A call the sidecar refused because the caller's identity does not own the connection. */
  REFUSED,
  /** A platform token's renewal whose expiry move Dynatrace refused or did not answer (the lease was not extended). */
  RENEW_FAILED;

  /** The snake_case name used in the log, e.g. {@code already_gone}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The type of a wire name; throws IllegalArgumentException for an unknown one. */
  public static EventType fromWire(String wire) {
    for (EventType t : values()) {
      if (t.wireName().equals(wire)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown event type '" + wire + "'");
  }
}
