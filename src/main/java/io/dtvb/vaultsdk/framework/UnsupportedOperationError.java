package io.dtvb.vaultsdk.framework;

/** The path exists but does not support the operation (Vault answers 405). */
public class UnsupportedOperationError extends RuntimeException {
  public UnsupportedOperationError(String message) {
    super(message);
  }
}
