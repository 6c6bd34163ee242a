package io.dtvb.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder for the plugin subcommand. */
@Command(name = "plugin", mixinStandardHelpOptions = true, description = "plugin (not yet implemented)")
public final class PluginCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("plugin: not implemented yet");
    return 2;
  }
}
