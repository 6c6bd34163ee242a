package io.dtvb.engine;

import io.dtvb.vaultsdk.framework.UserError;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks a merged {@link ConfigEntry}: required fields, URL rules, auth mode rules and PEM blocks. */
final class ConfigRules {
  private static final Pattern PEM_BLOCK = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END ([A-Z0-9 ]+)-----", Pattern.DOTALL);
  private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  private static final Set<String> KEY_LABELS = Set.of("PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY");
  private static final String PLATFORM_TOKEN_PREFIX = "dt0s16.";
  private static final List<String> RESOURCE_PREFIXES = List.of("urn:dtaccount:", "urn:dtenvironment:");

  private ConfigRules() {}

  /** Throws a {@link UserError} naming the first offending field. */
  static void check(ConfigEntry c) {
    requirePresent(c);
    url("environment_url", c.environmentUrl(), c.allowHttpLoopback());
    if (!c.sidecarUrl().regionMatches(true, 0, "https:", 0, 6)) {
      throw invalid("sidecar_url", "must be an https URL (the plugin reaches the sidecar over mutual TLS)");
    }
    url("sidecar_url", c.sidecarUrl(), false);
    if (c.ssoUrl() != null) {
      url("sso_url", c.ssoUrl(), c.allowHttpLoopback());
    }
    if (c.oauthResource() != null && RESOURCE_PREFIXES.stream().noneMatch(c.oauthResource()::startsWith)) {
      throw invalid("oauth_resource", "must start with " + String.join(" or ", RESOURCE_PREFIXES));
    }
    if (c.rotateBeforeSeconds() < 0) {
      throw invalid("rotate_before", "must be 0 (off) or a positive duration");
    }
    if (c.tidyIntervalSeconds() != 0 && c.tidyIntervalSeconds() < 60) {
      throw invalid("tidy_interval", "must be 0 (off) or at least 1m (Vault sends its periodic request once a minute)");
    }
    if (c.mode() == io.dtvb.sidecarapi.ConnectionSettings.AuthMode.PLATFORM_TOKEN && !c.platformToken().startsWith(PLATFORM_TOKEN_PREFIX)) {
      throw invalid("platform_token", "must be a Dynatrace platform token (it starts with "
          + PLATFORM_TOKEN_PREFIX + ")");
    }
    AccountConfig.check(c);
    certificates("sidecar_ca_pem", c.sidecarCaPem());
    certificates("sidecar_client_cert_pem", c.sidecarClientCertPem());
    privateKey("sidecar_client_key_pem", c.sidecarClientKeyPem());
  }

  /**
   * The fields that decide where the minter credential is sent or whom it trusts there; changing
   * one sends the stored credential to a destination nobody approved it for.
   */
  static final List<String> DESTINATION_FIELDS = List.of("environment_url", "sso_url", "oauth_resource",
      "sidecar_url", "sidecar_ca_pem", "auth_mode");

  /**
   * A write that changes a destination field must carry the credential of the resulting auth
   * mode in the same write (the stored one is never sent to a new destination); otherwise a 400
   * naming the changed field(s) and the credential field. With auth_mode=none there is no classic
   * credential: only the account side's rule applies ({@link AccountConfig}).
   */
  static void requireCredentialForNewDestination(ConfigEntry stored, ConfigEntry merged,
      java.util.function.Predicate<String> sent) {
    if (!merged.hasClassicMinter()) {
      return;
    }
    java.util.Map<String, Object> before = stored.destination();
    java.util.Map<String, Object> after = merged.destination();
    List<String> changed = DESTINATION_FIELDS.stream()
        .filter(f -> !java.util.Objects.equals(before.get(f), after.get(f))).toList();
    String credential = credentialField(merged.mode());
    if (changed.isEmpty() || sent.test(credential)) {
      return;
    }
    throw invalid(changed.get(0), "changing " + String.join(", ", changed) + " changes where the minter"
        + " credential is sent, so the same write must carry " + credential + " again (the stored credential"
        + " is never sent to a new destination)");
  }

  /** The field that holds the credential of an auth mode. */
  static String credentialField(io.dtvb.sidecarapi.ConnectionSettings.AuthMode mode) {
    return switch (mode) {
      case API_TOKEN -> "api_token";
      case OAUTH -> "oauth_client_secret";
      case PLATFORM_TOKEN -> "platform_token";
      case NONE -> "account_client_secret";
    };
  }

  /** True when the URL is plain http (allowed only towards loopback hosts). */
  static boolean isPlainHttp(String url) {
    return url != null && url.regionMatches(true, 0, "http:", 0, 5);
  }

  private static void requirePresent(ConfigEntry c) {
    if (c.mode() == null) {
      throw invalid("auth_mode", "must be api_token, oauth, platform_token or none");
    }
    List<String> missing = new ArrayList<>();
    addIfMissing(missing, "environment_url", c.environmentUrl());
    switch (c.mode()) {
      case API_TOKEN -> addIfMissing(missing, "api_token", c.apiToken());
      case OAUTH -> {
        addIfMissing(missing, "oauth_client_id", c.oauthClientId());
        addIfMissing(missing, "oauth_client_secret", c.oauthClientSecret());
        addIfMissing(missing, "oauth_resource", c.oauthResource());
      }
      case PLATFORM_TOKEN -> addIfMissing(missing, "platform_token", c.platformToken());
      case NONE -> {
        addIfMissing(missing, "account_uuid", c.accountUuid());
        addIfMissing(missing, "account_client_id", c.accountClientId());
        addIfMissing(missing, "account_client_secret", c.accountClientSecret());
      }
    }
    addIfMissing(missing, "sidecar_url", c.sidecarUrl());
    addIfMissing(missing, "sidecar_ca_pem", c.sidecarCaPem());
    addIfMissing(missing, "sidecar_client_cert_pem", c.sidecarClientCertPem());
    addIfMissing(missing, "sidecar_client_key_pem", c.sidecarClientKeyPem());
    if (!missing.isEmpty()) {
      throw new UserError("missing required field(s) for auth_mode " + c.authMode() + ": "
          + String.join(", ", missing));
    }
  }

  private static void addIfMissing(List<String> missing, String field, String value) {
    if (value == null || value.isBlank()) {
      missing.add(field);
    }
  }

  /** An absolute https URL; plain http only for a loopback host when the flag allows it. */
  static void url(String field, String value, boolean allowHttpLoopback) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw invalid(field, "is not a valid URL");
    }
    if (!uri.isAbsolute() || uri.getHost() == null) {
      throw invalid(field, "must be an absolute https URL with a host");
    }
    if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw invalid(field, "must not contain credentials, a query or a fragment");
    }
    String scheme = uri.getScheme().toLowerCase();
    if (scheme.equals("https")) {
      return;
    }
    if (!scheme.equals("http") || !isLoopback(uri.getHost())) {
      throw invalid(field, "must use https (plain http is allowed only for a loopback host"
          + " with allow_http_loopback=true)");
    }
    if (!allowHttpLoopback) {
      throw invalid(field, "uses plain http; set allow_http_loopback=true to allow it for a loopback host");
    }
  }

  static boolean isLoopback(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost") || IPV4_LOOPBACK.matcher(h).matches()) {
      return true;
    }
    if (!h.contains(":")) {
      return false;
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static void certificates(String field, String pem) {
    try {
      CertificateFactory x509 = CertificateFactory.getInstance("X.509");
      for (byte[] der : blocks(field, pem, Set.of("CERTIFICATE"))) {
        x509.generateCertificate(new ByteArrayInputStream(der));
      }
    } catch (CertificateException e) {
      throw invalid(field, "holds a CERTIFICATE block that is not a valid X.509 certificate");
    }
  }

  private static void privateKey(String field, String pem) {
    List<byte[]> keys = blocks(field, pem, KEY_LABELS);
    if (keys.size() != 1 || keys.get(0).length == 0 || keys.get(0)[0] != 0x30) {
      throw invalid(field, "must hold exactly one DER-encoded private key block");
    }
  }

  /** Decodes every PEM block; all must carry one of the labels, and at least one must exist. */
  private static List<byte[]> blocks(String field, String pem, Set<String> labels) {
    List<byte[]> out = new ArrayList<>();
    Matcher m = PEM_BLOCK.matcher(pem);
    while (m.find()) {
      if (!m.group(1).equals(m.group(3)) || !labels.contains(m.group(1))) {
        throw invalid(field, "must hold only PEM blocks labelled " + String.join(" or ", labels));
      }
      try {
        out.add(Base64.getDecoder().decode(m.group(2).replaceAll("\\s", "")));
      } catch (IllegalArgumentException e) {
        throw invalid(field, "holds a PEM block whose body is not valid base64");
      }
    }
    if (out.isEmpty()) {
      throw invalid(field, "must be PEM text (no complete -----BEGIN ...----- block found)");
    }
    return out;
  }

  private static UserError invalid(String field, String problem) {
    return UserError.invalidField(field, problem);
  }
}
