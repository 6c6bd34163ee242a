package io.dtvb.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder for the certs subcommand. */
@Command(name = "certs", mixinStandardHelpOptions = true, description = "certs (not yet implemented)")
public final class CertsCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("certs: not implemented yet");
    return 2;
  }
}
