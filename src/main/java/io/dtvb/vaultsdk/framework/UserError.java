package io.dtvb.vaultsdk.framework;

/** Bad input from the caller: becomes a 400 whose message names the offending field. */
public class UserError extends RuntimeException {
  public UserError(String message) {
    super(message);
  }

  /**
   * The one wording for a bad field, {@code invalid value for field "x": problem} (the same as the
   * sidecar contract's). The problem must never quote a value that may be a credential.
   */
  public static UserError invalidField(String field, String problem) {
    return new UserError("invalid value for field \"" + field + "\": " + problem);
  }
}
