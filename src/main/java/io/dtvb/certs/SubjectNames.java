package io.dtvb.certs;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.util.IPAddress;

/** Turns host names and IP literals into subjectAltName entries, rejecting anything else. */
public final class SubjectNames {

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  private SubjectNames() {}

  /** True when the name is an IPv4 or IPv6 literal (no lookup is done). */
  public static boolean isIpAddress(String name) {
    return IPAddress.isValid(name);
  }

  /** One SAN entry: iPAddress for IP literals, dNSName for host names (a leading "*." is allowed). */
  public static GeneralName toGeneralName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("empty subject alternative name");
    }
    String trimmed = name.trim();
    if (isIpAddress(trimmed)) {
      return new GeneralName(GeneralName.iPAddress, trimmed);
    }
    String dns = trimmed.toLowerCase(Locale.ROOT);
    if (!isDnsName(dns)) {
      throw new IllegalArgumentException("not a DNS name or IP address: " + name);
    }
    return new GeneralName(GeneralName.dNSName, dns);
  }

  /** The SAN extension value for a list of names, duplicates removed, order kept. */
  public static GeneralNames toGeneralNames(List<String> names) {
    return new GeneralNames(names.stream()
        .map(SubjectNames::toGeneralName)
        .distinct()
        .toArray(GeneralName[]::new));
  }

  private static boolean isDnsName(String name) {
    String host = name.startsWith("*.") ? name.substring(2) : name;
    if (host.isEmpty() || host.length() > 253) {
      return false;
    }
    for (String label : host.split("\\.", -1)) {
      if (!DNS_LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }
}
