package io.dtvb.vaultsdk.framework;

/** Bad input from the caller: becomes a 400 whose message names the offending field. */
public class UserError extends RuntimeException {
  public UserError(String message) {
    super(message);
  }
}
