package io.dtvb.cli;

import io.dtvb.leaselog.LogKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints the verifier key of a lease log's signing key file, for auditors. */
@Command(name = "public-key", mixinStandardHelpOptions = true,
    description = "Prints the verifier key (name+keyid+base64) that 'lease-log verify --public-key' takes.")
public final class LeaseLogPublicKeyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--key-dir", required = true, paramLabel = "DIR",
      description = "Directory holding " + LogKey.FILE_NAME + " (the sidecar's lease-log key directory).")
  Path keyDir;

  @Override
  public Integer call() {
    try {
      spec.commandLine().getOut().println(LogKey.load(keyDir.resolve(LogKey.FILE_NAME)).verifier().encoded());
      spec.commandLine().getOut().flush();
      return 0;
    } catch (IOException e) {
      spec.commandLine().getErr().println("lease-log public-key: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return 1;
    }
  }
}
