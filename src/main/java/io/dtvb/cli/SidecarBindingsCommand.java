package io.dtvb.cli;

import io.dtvb.certs.Pem;
import io.dtvb.sidecar.Bindings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The operator's action on connection ownership: list the bindings, rebind a connection id to a
 * new client certificate (the plugin's certificate was rotated) or remove a binding. Edits the
 * state file in place (atomically, under its lock); a running sidecar picks the change up on its
 * next call for that connection.
 */
@Command(name = "bindings", mixinStandardHelpOptions = true,
    description = {"Lists or changes which client certificate owns each connection id (state-dir/bindings.json).",
      "  list                                 show every binding",
      "  rebind ID (--cert FILE | --identity sha256:HEX)   give ID to another certificate",
      "  remove ID                            forget ID's owner (the next push binds it again)"})
public final class SidecarBindingsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--state-dir", required = true, description = "The sidecar's --state-dir (or --data-dir).")
  Path stateDir;

  @Parameters(index = "0", paramLabel = "ACTION", description = "list, rebind or remove")
  String action;

  @Parameters(index = "1", arity = "0..1", paramLabel = "ID", description = "The connection id (rebind, remove).")
  String id;

  @Option(names = "--cert", paramLabel = "FILE", description = "PEM client certificate that becomes the owner.")
  Path cert;

  @Option(names = "--identity", paramLabel = "sha256:HEX", description = "Fingerprint that becomes the owner.")
  String identity;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Bindings bindings = Bindings.open(stateDir);
    switch (action) {
      case "list" -> {
        for (Map.Entry<String, Bindings.Binding> e : bindings.all().entrySet()) {
          out.println(e.getKey() + "\t" + e.getValue().identity() + "\t" + e.getValue().boundAt());
        }
        out.flush();
        return 0;
      }
      case "rebind" -> {
        String who = owner(err);
        if (id == null || who == null) {
          err.println("bindings rebind needs ID and one of --cert FILE or --identity sha256:HEX");
          err.flush();
          return 2;
        }
        Bindings.Binding old = bindings.set(id, who);
        out.println("rebound " + id + " from " + (old == null ? "(unbound)" : old.identity()) + " to " + who);
        out.flush();
        return 0;
      }
      case "remove" -> {
        if (id == null) {
          err.println("bindings remove needs ID");
          err.flush();
          return 2;
        }
        Bindings.Binding old = bindings.set(id, null);
        out.println(old == null ? id + " was not bound" : "removed the binding of " + id + " to " + old.identity());
        out.flush();
        return 0;
      }
      default -> {
        err.println("unknown action " + action + " (list, rebind or remove)");
        err.flush();
        return 2;
      }
    }
  }

  private String owner(PrintWriter err) throws Exception {
    if (cert != null) {
      return Bindings.identityOf(Pem.decodeCertificate(Files.readString(cert)));
    }
    if (identity != null && identity.matches("sha256:[0-9a-f]{64}")) {
      return identity;
    }
    if (identity != null) {
      err.println("--identity must be sha256: and 64 lowercase hex digits");
    }
    return null;
  }
}
