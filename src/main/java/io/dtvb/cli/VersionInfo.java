package io.dtvb.cli;

import picocli.CommandLine;

/** The product version, read from the jar manifest (falls back to the development version). */
public final class VersionInfo implements CommandLine.IVersionProvider {

  /** Version string without a leading "v", e.g. 0.1.0. */
  public static String version() {
    String v = VersionInfo.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0" : v;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"dynatrace-vault-bridge " + version()};
  }
}
