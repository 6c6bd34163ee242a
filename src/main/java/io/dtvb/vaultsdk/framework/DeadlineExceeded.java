package io.dtvb.vaultsdk.framework;

/**
 * The request's deadline passed: Vault no longer waits for the answer, so the work is refused (or
 * undone) instead of done for nobody. A 503 to the caller; an ordinary, retried error for a revoke.
 */
public class DeadlineExceeded extends CodedError {
  public DeadlineExceeded(String message) {
    super(503, message);
  }
}
