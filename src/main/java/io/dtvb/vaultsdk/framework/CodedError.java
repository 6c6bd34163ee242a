package io.dtvb.vaultsdk.framework;

/**
 * A failure with a chosen HTTP status (e.g. 503 when Dynatrace is throttling); Vault passes the
 * status and message to the client. For revoke it is an ordinary error, so Vault retries.
 */
public class CodedError extends RuntimeException {
  private final int status;

  public CodedError(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
