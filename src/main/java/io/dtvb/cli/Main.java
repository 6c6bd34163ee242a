package io.dtvb.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one executable of the project: every component is a subcommand of this jar. */
@Command(
    name = "dynatrace-vault-bridge",
    mixinStandardHelpOptions = true,
    versionProvider = VersionInfo.class,
    description = "Short-lived Dynatrace API tokens as Vault / OpenBao dynamic secrets.",
    subcommands = {
      PluginCommand.class,
      SidecarCommand.class,
      SimulatorCommand.class,
      CertsCommand.class,
      LeaseLogCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) throws Exception {
    if (PluginCommand.isLaunch(args)) {
      // Vault's plugin start, which its handshake timer counts: skip picocli's model building.
      System.exit(PluginCommand.serve());
    }
    if (PluginCommand.isTraining(args)) {
      System.exit(PluginCommand.train());
    }
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }
}
