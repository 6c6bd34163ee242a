package io.dtvb.sidecar;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtvb.sidecarapi.InvalidMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator's bounds on what any caller may make the sidecar do (docs/sidecar-api.md, "Policy"):
 * which hosts a credential may be sent to, the longest token lifetimes, the token-management scopes
 * that are never minted unless listed, and the per-connection mint rate. Read from {@code --policy
 * FILE} (JSON); every field has a safe default.
 */
public record SidecarPolicy(
    List<String> allowedHosts,
    boolean allowLoopback,
    List<String> plainHttpHosts,
    Duration maxTokenLifetime,
    Duration maxMinterLifetime,
    List<String> mintableManagementScopes,
    double mintRatePerSecond,
    int mintBurst) {

  /** Dynatrace SaaS hosts, always allowed (classic, platform, SSO and the Account Management API). */
  public static final List<String> DYNATRACE_HOSTS = List.of("*.live.dynatrace.com", "*.apps.dynatrace.com",
      "sso.dynatrace.com", "api.dynatrace.com");

  /** Scopes that manage tokens themselves: never minted for a lease unless the policy lists them. */
  public static final List<String> MANAGEMENT_SCOPES = List.of("apiTokens.read", "apiTokens.write",
      "activeGateTokenManagement.*", "tenantTokenRotation.write",
      // platform scopes that mint, read or manage tokens, users or the account itself
      "platform-token:*", "account-*", "iam:*", "iam-*", "api-tokens:*", "environment-api:api-tokens:*",
      "fleet-management:activegate.tokens:*", "fleet-management:oneagent.tokens:*");

  public SidecarPolicy {
    allowedHosts = List.copyOf(allowedHosts);
    plainHttpHosts = List.copyOf(plainHttpHosts);
    mintableManagementScopes = List.copyOf(mintableManagementScopes);
  }

  /** Vault's default max lease TTL (768h) plus the engine's expiry skew, with margin. */
  public static final Duration DEFAULT_MAX_TOKEN_LIFETIME = Duration.ofDays(32).plusHours(1);

  /**
   * The policy without a file: SaaS hosts only, tokens up to 32 days and 1 hour (Vault's default
   * max lease TTL of 32 days plus the engine's expiry skew, with margin), 400 days for minters,
   * 100 mints/s burst 200.
   */
  public static SidecarPolicy defaults() {
    return new SidecarPolicy(List.of(), false, List.of(), DEFAULT_MAX_TOKEN_LIFETIME, Duration.ofDays(400), List.of(),
        100, 200);
  }

  /** This policy with loopback Dynatrace hosts (the simulator) allowed or not. */
  public SidecarPolicy withLoopback(boolean allow) {
    return new SidecarPolicy(allowedHosts, allow || allowLoopback, plainHttpHosts, maxTokenLifetime,
        maxMinterLifetime, mintableManagementScopes, mintRatePerSecond, mintBurst);
  }

  /** The file's shape; absent fields take the defaults. */
  record File(
      @JsonProperty("allowed_hosts") List<String> allowedHosts,
      @JsonProperty("allow_loopback") Boolean allowLoopback,
      @JsonProperty("plain_http_hosts") List<String> plainHttpHosts,
      @JsonProperty("max_token_lifetime") String maxTokenLifetime,
      @JsonProperty("max_minter_lifetime") String maxMinterLifetime,
      @JsonProperty("mintable_management_scopes") List<String> mintableManagementScopes,
      @JsonProperty("mint_rate_per_second") Double mintRatePerSecond,
      @JsonProperty("mint_burst") Integer mintBurst) {}

  /** Reads a policy file; a bad field fails with its name. */
  public static SidecarPolicy load(Path file) throws IOException {
    File f;
    try {
      f = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .readValue(Files.readAllBytes(file), File.class);
    } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
      throw new IOException("policy " + file + ": unknown field \"" + e.getPropertyName() + "\"");
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IOException("policy " + file + " is not valid JSON of the documented shape");
    }
    SidecarPolicy d = defaults();
    SidecarPolicy p = new SidecarPolicy(
        f.allowedHosts() == null ? d.allowedHosts() : f.allowedHosts(),
        f.allowLoopback() != null && f.allowLoopback(),
        f.plainHttpHosts() == null ? d.plainHttpHosts() : f.plainHttpHosts(),
        f.maxTokenLifetime() == null ? d.maxTokenLifetime() : duration("max_token_lifetime", f.maxTokenLifetime()),
        f.maxMinterLifetime() == null ? d.maxMinterLifetime() : duration("max_minter_lifetime", f.maxMinterLifetime()),
        f.mintableManagementScopes() == null ? d.mintableManagementScopes() : f.mintableManagementScopes(),
        f.mintRatePerSecond() == null ? d.mintRatePerSecond() : f.mintRatePerSecond(),
        f.mintBurst() == null ? d.mintBurst() : f.mintBurst());
    if (p.mintRatePerSecond() <= 0 || p.mintBurst() < 1) {
      throw new IOException("policy " + file + ": mint_rate_per_second must be > 0 and mint_burst >= 1");
    }
    return p;
  }

  private static final Pattern DURATION = Pattern.compile("(\\d+)([smhd])");

  /** "90s", "12h", "31d" (or an ISO-8601 duration such as P31D). */
  static Duration duration(String field, String text) throws IOException {
    Matcher m = DURATION.matcher(text.trim());
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
      }
      return Duration.parse(text.trim());
    } catch (RuntimeException e) {
      throw new IOException("policy field \"" + field + "\" must be a duration such as 31d, 12h or 3600s");
    }
  }

  /**
   * Refuses a URL whose host the policy does not allow (rule {@code allowed_hosts}) or that is
   * plain http to a host not listed for it (rule {@code https_only}).
   */
  void checkUrl(String field, String url) {
    URI u;
    try {
      u = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new InvalidMessage(field, "is not a valid URL");
    }
    if (u.getHost() == null || !("https".equals(u.getScheme()) || "http".equals(u.getScheme()))) {
      throw new InvalidMessage(field, "must be an absolute http(s) URL");
    }
    if (u.getUserInfo() != null) {
      throw new InvalidMessage(field, "must not carry user information");
    }
    String host = u.getHost().toLowerCase(Locale.ROOT).replaceAll("^\\[|]$", "");
    boolean loopback = isLoopback(host);
    if (loopback ? !allowLoopback : !matchesAny(host, DYNATRACE_HOSTS) && !matchesAny(host, allowedHosts)) {
      throw ApiError.policy("allowed_hosts", field + " host " + host + " is not an allowed Dynatrace host"
          + (loopback ? " (loopback needs --allow-loopback-dynatrace or allow_loopback)" : ""));
    }
    if ("http".equals(u.getScheme()) && !loopback && !matchesAny(host, plainHttpHosts)) {
      throw ApiError.policy("https_only", field + " must use https for host " + host);
    }
  }

  /** Refuses a scope that manages tokens unless the policy lists it (rule {@code management_scopes}). */
  void checkScopes(List<String> scopes) {
    List<String> refused = new ArrayList<>();
    for (String s : scopes) {
      if (matchesScope(s, MANAGEMENT_SCOPES) && !matchesScope(s, mintableManagementScopes)) {
        refused.add(s);
      }
    }
    if (!refused.isEmpty()) {
      throw ApiError.policy("management_scopes", "scope(s) " + String.join(", ", refused)
          + " manage tokens and are never minted unless the policy lists them in mintable_management_scopes");
    }
  }

  /** Refuses an expiry further away than the rule's bound. */
  void checkLifetime(String rule, Instant expiration, Instant now) {
    Duration max = rule.equals("max_minter_lifetime") ? maxMinterLifetime : maxTokenLifetime;
    if (expiration.isAfter(now.plus(max))) {
      throw ApiError.policy(rule, "expiration_date " + expiration + " is more than " + max.toDays() + " days ("
          + max + ") away");
    }
  }

  private static boolean matchesScope(String scope, List<String> patterns) {
    for (String p : patterns) {
      if (p.endsWith("*") ? scope.startsWith(p.substring(0, p.length() - 1)) : p.equals(scope)) {
        return true;
      }
    }
    return false;
  }

  static boolean matchesAny(String host, List<String> patterns) {
    for (String p : patterns) {
      String pat = p.toLowerCase(Locale.ROOT);
      if (pat.startsWith("*.") ? host.endsWith(pat.substring(1)) && host.length() > pat.length() - 1
          : host.equals(pat)) {
        return true;
      }
    }
    return false;
  }

  static boolean isLoopback(String host) {
    if (host.equals("localhost") || host.endsWith(".localhost")) {
      return true;
    }
    if (!host.matches("[0-9.]+|[0-9a-f:]+")) {
      return false; // a name: never resolved here
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (IOException e) {
      return false;
    }
  }
}
