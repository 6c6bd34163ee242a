package io.dtvb.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder for the simulator subcommand. */
@Command(name = "simulator", mixinStandardHelpOptions = true, description = "simulator (not yet implemented)")
public final class SimulatorCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("simulator: not implemented yet");
    return 2;
  }
}
