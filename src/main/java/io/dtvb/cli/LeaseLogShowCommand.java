package io.dtvb.cli;

import io.dtvb.leaselog.ExportReader;
import io.dtvb.leaselog.LeaseEvent;
import io.dtvb.leaselog.LogEntry;
import io.dtvb.leaselog.LogFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Prints the events of a lease-log export, filtered, as a table or as JSON lines. */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = {"Prints the events of an export (it does not verify it: use 'lease-log verify').",
      "Filters combine; --since is inclusive, --until exclusive."})
public final class LeaseLogShowCommand implements Callable<Integer> {
  private static final String ROW = "%-24s  %-13s  %-12s  %-16s  %-20s  %-28s  %s%n";

  @Spec CommandSpec spec;

  @Option(names = "--export", required = true, paramLabel = "FILE", description = "The export file ('-' = stdin).")
  String export;

  @Option(names = "--entity", paramLabel = "ID", description = "Only events of this Vault entity id.")
  String entity;

  @Option(names = "--role", paramLabel = "R", description = "Only events of this role.")
  String role;

  @Option(names = "--token-id", paramLabel = "ID", description = "Only events of this Dynatrace token id.")
  String tokenId;

  @Option(names = "--since", paramLabel = "RFC3339", description = "Only events at or after this time.")
  String since;

  @Option(names = "--until", paramLabel = "RFC3339", description = "Only events before this time.")
  String until;

  @Option(names = "--json", description = "One canonical entry (JSON) per line instead of a table.")
  boolean json;

  @Override
  public Integer call() {
    Instant from = time("--since", since);
    Instant to = time("--until", until);
    PrintWriter out = spec.commandLine().getOut();
    long shown = 0;
    try (InputStream in = LeaseLogVerifyCommand.open(export); ExportReader reader = new ExportReader(in)) {
      if (!json) {
        out.printf(ROW, "TIME", "TYPE", "MOUNT", "ROLE", "ENTITY", "TOKEN ID", "REASON");
      }
      for (byte[] raw = reader.nextEntry(); raw != null; raw = reader.nextEntry()) {
        if (reader.leafHash(raw) != null) {
          continue; // another connection's entry in a connection's view: only its hash is there
        }
        LogEntry entry = LogEntry.decode(raw);
        if (matches(entry.event(), from, to)) {
          out.print(json ? new String(raw, StandardCharsets.UTF_8) + "\n" : row(entry));
          shown++;
        }
      }
    } catch (IOException | LogFormatException e) {
      out.flush();
      spec.commandLine().getErr().println("lease-log show: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return 1;
    }
    if (!json) {
      out.println("(" + shown + " events)");
    }
    out.flush();
    return 0;
  }

  private boolean matches(LeaseEvent e, Instant from, Instant to) {
    return (entity == null || entity.equals(e.entityId()))
        && (role == null || role.equals(e.role()))
        && (tokenId == null || tokenId.equals(e.tokenId()))
        && (from == null || !e.time().isBefore(from))
        && (to == null || e.time().isBefore(to));
  }

  private static String row(LogEntry entry) {
    LeaseEvent e = entry.event();
    return String.format(ROW, LogEntry.TIME.format(e.time()), e.type().wireName(), dash(e.mount()), dash(e.role()),
        dash(e.entityId()), dash(e.tokenId()), dash(e.reason()));
  }

  private static String dash(String s) {
    return s == null ? "-" : s;
  }

  private Instant time(String option, String value) {
    if (value == null) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new ParameterException(spec.commandLine(), option + " must be an RFC 3339 time, got '" + value + "'");
    }
  }
}
