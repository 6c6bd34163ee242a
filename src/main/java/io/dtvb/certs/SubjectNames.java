package io.dtvb.certs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Turns host names and IP literals into subjectAltName entries, rejecting anything else. */
public final class SubjectNames {

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
  private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
  /** What an IPv6 literal is made of; its first character keeps InetAddress from ever resolving it. */
  private static final Pattern IPV6_TEXT = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*");

  private SubjectNames() {}

  /** True when the name is an IPv4 or IPv6 literal (no lookup is done). */
  public static boolean isIpAddress(String name) {
    if (IPV4.matcher(name).matches()) {
      return true;
    }
    if (!name.contains(":") || !IPV6_TEXT.matcher(name).matches()) {
      return false;
    }
    try {
      InetAddress.getByName(name); // a hex digit or ':' first and a ':' inside: parsed, never looked up
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * One SAN entry, DER-encoded: iPAddress for IP literals, dNSName for host names (a leading "*."
   * is allowed); throws IllegalArgumentException for anything else.
   */
  public static byte[] toGeneralName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("empty subject alternative name");
    }
    String trimmed = name.trim();
    if (isIpAddress(trimmed)) {
      return Der.implicit(7, ipBytes(trimmed)); // [7] iPAddress OCTET STRING
    }
    String dns = trimmed.toLowerCase(Locale.ROOT);
    if (!isDnsName(dns)) {
      throw new IllegalArgumentException("not a DNS name or IP address: " + name);
    }
    return Der.implicit(2, dns.getBytes(StandardCharsets.US_ASCII)); // [2] dNSName IA5String
  }

  /** The SAN extension value (GeneralNames) for a list of names, duplicates removed, order kept. */
  static byte[] toGeneralNames(List<String> names) {
    List<byte[]> unique = new ArrayList<>();
    for (String name : names) {
      byte[] entry = toGeneralName(name);
      if (unique.stream().noneMatch(e -> Arrays.equals(e, entry))) {
        unique.add(entry);
      }
    }
    return Der.sequence(unique.toArray(byte[][]::new));
  }

  /** The 4 or 16 address bytes of a literal already checked by {@link #isIpAddress}: no lookup. */
  private static byte[] ipBytes(String literal) {
    try {
      return InetAddress.getByName(literal).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + literal, e);
    }
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
