package io.dtvb.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Groups the auditors' lease-log tools: {@code verify} an export and {@code show} its events. */
@Command(name = "lease-log", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
    description = "Checks and reads exports of the sidecar's signed, append-only lease log.",
    subcommands = {LeaseLogVerifyCommand.class, LeaseLogShowCommand.class, LeaseLogPublicKeyCommand.class,
        LeaseLogBenchCommand.class})
public final class LeaseLogCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }
}
