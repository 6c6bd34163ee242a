package io.dtvb.cli;

import io.dtvb.certs.IssuedCertificate;
import io.dtvb.certs.PkiBundle;
import io.dtvb.certs.SubjectNames;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Creates a CA, the sidecar's server certificate and the plugin's client certificate as PEM files. */
@Command(
    name = "certs",
    mixinStandardHelpOptions = true,
    description = {
      "Creates ca.pem, ca-key.pem, sidecar.pem, sidecar-key.pem, plugin.pem and plugin-key.pem",
      "(EC P-256) for the mutual TLS between plugin and sidecar. Keys are written with mode 0600."
    })
public final class CertsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write into.")
  Path out;

  @Option(names = "--san", paramLabel = "NAME", arity = "1..*",
      description = "Extra DNS name or IP address for the sidecar certificate "
          + "(localhost and 127.0.0.1 are always included). Repeatable.")
  List<String> sans = new ArrayList<>();

  @Option(names = "--days", paramLabel = "N", defaultValue = "365",
      description = "Validity of the sidecar and plugin certificates in days (default: ${DEFAULT-VALUE}); "
          + "the CA is valid for at least 10 years.")
  int days;

  @Option(names = "--force", description = "Overwrite existing files.")
  boolean force;

  @Option(names = "--client", paramLabel = "NAME",
      description = "Issue only one more client certificate, NAME.pem and NAME-key.pem, with the CA already in"
          + " --out (one per Vault cluster or mount, or for an operator; see docs/multi-mount.md). Prints its"
          + " fingerprint, the identity the sidecar binds connections to.")
  String client;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    validate();
    if (client != null) {
      return issueClient(stdout, stderr);
    }
    List<Path> existing = PkiBundle.existingFiles(out);
    if (!force && !existing.isEmpty()) {
      stderr.println("certs: refusing to overwrite existing files (use --force):");
      existing.forEach(p -> stderr.println("  " + p));
      stderr.flush();
      return 1;
    }
    PkiBundle bundle = PkiBundle.generate(sans, Duration.ofDays(days));
    List<Path> written;
    try {
      written = bundle.write(out, force);
    } catch (IOException e) {
      stderr.println("certs: cannot write to " + out + ": " + e);
      stderr.flush();
      return 1;
    }
    describe(stdout, written, bundle);
    return 0;
  }

  private int issueClient(PrintWriter stdout, PrintWriter stderr) {
    try {
      IssuedCertificate c = PkiBundle.issueClient(out, client, Duration.ofDays(days), force);
      stdout.println("wrote " + out.resolve(client + ".pem") + " (certificate "
          + c.certificate().getSubjectX500Principal().getName() + ", valid until "
          + c.certificate().getNotAfter().toInstant() + ")");
      stdout.println("wrote " + out.resolve(client + "-key.pem") + " (private key, mode 0600)");
      stdout.println("fingerprint " + PkiBundle.fingerprint(c.certificate()));
      stdout.flush();
      return 0;
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--client: " + e.getMessage());
    } catch (java.nio.file.FileAlreadyExistsException e) {
      stderr.println("certs: refusing to overwrite " + e.getFile() + " (use --force)");
      stderr.flush();
      return 1;
    } catch (IOException | RuntimeException e) {
      stderr.println("certs: cannot issue client certificate " + client + " with the CA in " + out + ": "
          + e.getMessage());
      stderr.flush();
      return 1;
    }
  }

  private void validate() {
    if (days < 1 || days > 36_500) {
      throw new ParameterException(spec.commandLine(), "--days must be between 1 and 36500");
    }
    for (String name : sans) {
      try {
        SubjectNames.toGeneralName(name);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--san: " + e.getMessage());
      }
    }
  }

  private static void describe(PrintWriter stdout, List<Path> written, PkiBundle bundle) {
    List<IssuedCertificate> owners = List.of(bundle.ca(), bundle.ca(), bundle.sidecar(),
        bundle.sidecar(), bundle.plugin(), bundle.plugin());
    for (int i = 0; i < written.size(); i++) {
      IssuedCertificate owner = owners.get(i);
      String what = i % 2 == 0
          ? "certificate " + owner.certificate().getSubjectX500Principal().getName()
              + ", valid until " + owner.certificate().getNotAfter().toInstant()
          : "private key, mode 0600";
      stdout.println("wrote " + written.get(i) + " (" + what + ")");
    }
    stdout.println("sidecar certificate names: " + names(bundle.sidecar()));
    stdout.println("plugin certificate fingerprint " + PkiBundle.fingerprint(bundle.plugin().certificate()));
    stdout.flush();
  }

  private static String names(IssuedCertificate certificate) {
    try {
      List<String> names = new ArrayList<>();
      certificate.certificate().getSubjectAlternativeNames().forEach(n -> names.add(String.valueOf(n.get(1))));
      return String.join(", ", names);
    } catch (java.security.cert.CertificateParsingException e) {
      return "(unreadable)";
    }
  }
}
