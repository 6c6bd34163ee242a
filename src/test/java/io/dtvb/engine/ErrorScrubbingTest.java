package io.dtvb.engine;

import static io.dtvb.engine.EngineHarness.errorOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.engine.EngineHarness.Lease;
import io.dtvb.vaultsdk.framework.CodedError;
import io.dtvb.vaultsdk.framework.Log;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Upstream and library messages are scrubbed in the one error mapping and in log lines: neither
 * the mount's own credential nor anything shaped like a credential reaches an answer or the log.
 */
class ErrorScrubbingTest {
  private final EngineHarness h = new EngineHarness();
  private final String foreign = EngineHarness.randomText("dt0c01.", 24) + EngineHarness.randomText(".", 64);

  @Test
  void aMintRefusalEchoingSecretsIsScrubbedInTheAnswerAndTheLog() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read"));
    h.broker.failNext(FakeSidecar.Call.MINT, UpstreamException.rejected(400,
        "bad request with " + h.apiToken + " and Authorization: Api-Token " + foreign));
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Log.output(new PrintStream(log, true, StandardCharsets.UTF_8));
    String error;
    try {
      error = errorOf(h.read("creds/ci"));
    } finally {
      Log.output(System.err);
    }

    assertTrue(error.contains("bad request") && error.contains("<redacted>"), error);
    assertClean(error);
    assertClean(log.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aRevokeFailureEchoingTheMintersTokenIsScrubbed() throws Exception {
    h.configured().withRole("ci", Map.of("scopes", "metrics.read"));
    Lease lease = h.issue("ci");
    h.broker.failNext(FakeSidecar.Call.REVOKE, UpstreamException.retryable("upstream said: " + h.apiToken, null));

    CodedError e = assertThrows(CodedError.class, () -> h.revoke(lease));

    assertTrue(e.getMessage().contains("upstream said"), e.getMessage());
    assertClean(e.getMessage());
  }

  @Test
  void aRefusedCandidateEchoingTheNewCredentialIsScrubbed() throws Exception {
    h.broker.failNext(FakeSidecar.Call.VERIFY, UpstreamException.rejected(401, "token " + h.apiToken + " refused"));

    String error = errorOf(h.write("config", h.validConfig()));

    assertTrue(error.contains("refused"), error);
    assertClean(error);
  }

  private void assertClean(String text) {
    String minterSecret = h.apiToken.substring(h.apiToken.lastIndexOf('.') + 1);
    String foreignSecret = foreign.substring(foreign.lastIndexOf('.') + 1);
    assertFalse(text.contains(minterSecret), text);
    assertFalse(text.contains(foreignSecret), text);
  }
}
