package io.dtvb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Bad sidecar start options end with exit status 2 and a message naming the option, never a stack trace. */
class SidecarCommandTest {

  private static int run(ByteArrayOutputStream err, String... args) {
    PrintStream saved = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      return new CommandLine(new Main()).execute(args);
    } finally {
      System.setErr(saved);
    }
  }

  @Test
  void listenAddressesAreParsedOrRefusedByName() {
    assertEquals(new SidecarCommand.HostPort("127.0.0.1", 8443), SidecarCommand.HostPort.parse("--listen", "127.0.0.1:8443"));
    assertEquals(new SidecarCommand.HostPort("::1", 0), SidecarCommand.HostPort.parse("--listen", "[::1]:0"));
    assertNull(SidecarCommand.HostPort.parse("--listen", "localhost"));
    assertNull(SidecarCommand.HostPort.parse("--listen", "localhost:http"));
    assertNull(SidecarCommand.HostPort.parse("--listen", "localhost:70000"));
  }

  @Test
  void aBadOpsListenOrAMissingDataDirIsExitStatusTwoWithAMessage() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] tls = {"--tls-cert", "s.pem", "--tls-key", "k.pem", "--client-ca", "ca.pem"};

    int badOps = run(err, concat(new String[] {"sidecar", "--ops-listen", "0.0.0.0:99999"}, tls));
    int noDataDir = run(err, concat(new String[] {"sidecar", "--listen", "127.0.0.1:0"}, tls));

    assertEquals(2, badOps);
    assertEquals(2, noDataDir);
    String text = err.toString(StandardCharsets.UTF_8);
    assertEquals(true, text.contains("--ops-listen must be host:port"), text);
    assertEquals(true, text.contains("--data-dir"), text);
    assertEquals(false, text.contains("Exception"), text);
  }

  @Test
  void aBadPolicyOrOperatorFingerprintOrMissingTlsOptionIsExitStatusTwoNamingIt(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] tls = {"--tls-cert", "s.pem", "--tls-key", "k.pem", "--client-ca", "ca.pem"};
    java.nio.file.Path policy = dir.resolve("policy.json");
    java.nio.file.Files.writeString(policy, "{\"max_token_ttl\": \"1d\"}");

    assertEquals(2, run(err, concat(new String[] {"sidecar", "--policy", policy.toString()}, tls)));
    assertEquals(2, run(err, concat(new String[] {"sidecar", "--operator-cert-fingerprint", "abc"}, tls)));
    assertEquals(2, run(err, "sidecar", "--tls-cert", "s.pem"));
    String text = err.toString(StandardCharsets.UTF_8);
    assertEquals(true, text.contains("--policy") && text.contains("max_token_ttl"), text);
    assertEquals(true, text.contains("--operator-cert-fingerprint must be"), text);
    assertEquals(true, text.contains("missing required option --tls-key"), text);
    assertEquals(false, text.contains("Exception"), text);
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
