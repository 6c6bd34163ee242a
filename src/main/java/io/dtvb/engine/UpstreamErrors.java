package io.dtvb.engine;

import io.dtvb.sidecarapi.Redaction;
import io.dtvb.vaultsdk.framework.CodedError;
import io.dtvb.vaultsdk.framework.UserError;
import java.util.List;

/**
 * The one mapping from an {@link UpstreamException} to the error Vault answers, and the one place
 * its text is scrubbed of credential shapes (and of the configured secrets) before it is
 * answered or logged. A refusal of what the caller asked for is a 400 ({@link UserError}); a
 * refusal of work the engine does on its own (revoke, tidy, undo) is a 502; anything a retry may
 * fix is a 503. Both coded errors are ordinary errors to Vault's expiration manager, so a revoke
 * is always retried: the engine never answers with the error types that make a lease irrevocable.
 */
final class UpstreamErrors {

  /** Whose request the failed call served, which decides what a refusal becomes. */
  enum Answer {
    /** The caller's own request (creds, config, rotate-root, lease-log): a refusal is a 400. */
    REQUEST,
    /** Work the engine does for Vault (revoke, tidy, undo, rollback): a refusal is a 502, retried. */
    CLEANUP
  }

  private UpstreamErrors() {}

  /** The exception's message with its upstream status, scrubbed. */
  static String describe(UpstreamException e) {
    return Redaction.scrub(e.describe());
  }

  /** The message scrubbed of credential shapes and of these secrets. */
  static String describe(UpstreamException e, List<String> secrets) {
    return Redaction.scrub(e.describe(), secrets);
  }

  /**
   * The Vault error for a failed call: {@code what} says what could not be done ("could not mint
   * a Dynatrace token for role "ci""), {@code retryHint} what the caller may do on a transient failure.
   */
  static RuntimeException toVault(Answer answer, String what, UpstreamException e, String retryHint) {
    return toVault(answer, what, e, retryHint, List.of());
  }

  /** As {@link #toVault(Answer, String, UpstreamException, String)}, also scrubbing these secrets. */
  static RuntimeException toVault(Answer answer, String what, UpstreamException e, String retryHint,
      List<String> secrets) {
    String reason = describe(e, secrets);
    if (e.isRefusal()) {
      String message = what + ": refused: " + reason;
      return answer == Answer.REQUEST ? new UserError(message) : new CodedError(502, message);
    }
    String source = e.kind() == UpstreamException.Kind.UNKNOWN_CONNECTION
        ? "the sidecar did not accept the connection settings again" : "Dynatrace or the sidecar is unavailable";
    return new CodedError(503, what + ": " + source + " (" + reason + ")"
        + (retryHint == null || retryHint.isEmpty() ? "" : "; " + retryHint));
  }
}
