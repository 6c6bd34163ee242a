package io.dtvb.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder for the sidecar subcommand. */
@Command(name = "sidecar", mixinStandardHelpOptions = true, description = "sidecar (not yet implemented)")
public final class SidecarCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("sidecar: not implemented yet");
    return 2;
  }
}
