package io.dtvb.cli;

import io.dtvb.leaselog.LogFormatException;
import io.dtvb.leaselog.LogVerifier;
import io.dtvb.leaselog.VerifierKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Verifies a lease-log export: canonical entries, hash chain, signed checkpoint, consistency with an older one. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {
      "Recomputes the Merkle tree of an export, checks every entry, the checkpoint's Ed25519 signature and,"
          + " with --trusted-checkpoint, that the export extends that older checkpoint.",
      "Prints 'OK lease log verified: size=N root=HEX' (exit 0) or 'FAILED at index K: reason' (exit 1);"
          + " progress goes to stderr every 10000 entries."})
public final class LeaseLogVerifyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--export", required = true, paramLabel = "FILE", description = "The export file ('-' = stdin).")
  String export;

  @Option(names = "--public-key", required = true, paramLabel = "KEY_OR_FILE",
      description = "The log's verifier key (name+keyid+base64) or a file holding it.")
  String publicKey;

  @Option(names = "--trusted-checkpoint", paramLabel = "FILE",
      description = "An older signed checkpoint (note text) the export must be consistent with.")
  Path trustedCheckpoint;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      VerifierKey key = readKey(publicKey);
      String trusted = trustedCheckpoint == null ? null
          : Files.readString(trustedCheckpoint, StandardCharsets.UTF_8);
      LogVerifier.Result result;
      try (InputStream in = open(export)) {
        result = new LogVerifier(key).verify(in, trusted, n -> {
          err.println("verified " + n + " entries...");
          err.flush();
        });
      }
      if (result instanceof LogVerifier.Ok ok) {
        out.println("OK lease log verified: size=" + ok.size() + " root=" + ok.rootHex());
        out.flush();
        return 0;
      }
      LogVerifier.Failure f = (LogVerifier.Failure) result;
      out.println(f.index() < 0 ? "FAILED: " + f.reason() : "FAILED at index " + f.index() + ": " + f.reason());
      out.flush();
      return 1;
    } catch (IOException | LogFormatException e) {
      err.println("lease-log verify: " + e.getMessage());
      err.flush();
      return 2;
    }
  }

  static InputStream open(String file) throws IOException {
    return file.equals("-") ? System.in : Files.newInputStream(Path.of(file));
  }

  static VerifierKey readKey(String keyOrFile) throws IOException, LogFormatException {
    try {
      return VerifierKey.parse(keyOrFile);
    } catch (LogFormatException notAKey) {
      Path file = Path.of(keyOrFile);
      if (!Files.isRegularFile(file)) {
        throw new LogFormatException("--public-key is neither a verifier key nor a file: " + notAKey.getMessage());
      }
      return VerifierKey.parse(Files.readString(file, StandardCharsets.UTF_8));
    }
  }
}
