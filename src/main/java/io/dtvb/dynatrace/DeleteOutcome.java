package io.dtvb.dynatrace;

/** How a delete ended: removed now, or Dynatrace no longer knew the token (404). */
public enum DeleteOutcome {
  DELETED,
  ALREADY_GONE
}
