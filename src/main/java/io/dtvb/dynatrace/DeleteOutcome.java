package io.dtvb.dynatrace;

/**
 * How a delete ended: removed now, or Dynatrace no longer knew the token (404 [documented for classic
 * tokens; field-reported for platform tokens]).
 */
public enum DeleteOutcome {
  DELETED,
  ALREADY_GONE
}
