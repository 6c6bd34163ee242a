package io.dtvb.engine;

/** How a revoke ended upstream: deleted now, or Dynatrace no longer knew the token (both are success). */
public enum RevokeResult {
  DELETED,
  ALREADY_GONE
}
