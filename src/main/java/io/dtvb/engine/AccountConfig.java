package io.dtvb.engine;

import io.dtvb.sidecarapi.AccountInfo;
import io.dtvb.sidecarapi.ConnectionSettings.AuthMode;
import io.dtvb.sidecarapi.CredentialInfo;
import io.dtvb.sidecarapi.SidecarJson;
import io.dtvb.vaultsdk.framework.Storage;
import io.dtvb.vaultsdk.framework.UserError;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The account side of {@code config}: the Account Management API client that mints platform
 * tokens. Its defaults ({@code account_api_url}, {@code account_scope}), the
 * {@code environment_id} a token is restricted to (derived from a SaaS environment_url), the
 * rules of a write (UUID shape, all or nothing, {@code auth_mode=none} needs it) and the
 * destination rule for {@code account_client_secret}.
 */
final class AccountConfig {
  static final String DEFAULT_API_URL = "https://api.dynatrace.com";
  static final String DEFAULT_SCOPE = "platform-token:tokens:write platform-token:tokens:manage";
  private static final Pattern UUID = Pattern.compile(
      "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
  private static final Pattern ENVIRONMENT_ID = Pattern.compile("^[a-z0-9-]+$");
  /** SaaS hosts whose first label is the environment id: live/apps on dynatrace.com and the dynatracelabs realms. */
  private static final Pattern SAAS_HOST = Pattern.compile(
      "^([a-z0-9-]+)\\.(?:(?:live|apps)\\.dynatrace\\.com|(?:[a-z0-9-]+\\.)?(?:live|apps)\\.dynatracelabs\\.com)$");
  /** The fields whose change sends the stored account client secret somewhere new. */
  static final List<String> DESTINATION_FIELDS = List.of("account_api_url", "account_uuid", "sso_url",
      "sidecar_url", "sidecar_ca_pem");
  private static final List<String> REQUIRED = List.of("account_uuid", "account_client_id", "account_client_secret");

  private AccountConfig() {}

  /** True when the value is shaped like a UUID (8-4-4-4-12 hex digits). */
  static boolean isUuid(String value) {
    return value != null && UUID.matcher(value).matches();
  }

  /** The Account Management API base URL in effect. */
  static String apiUrl(ConfigEntry c) {
    return blank(c.accountApiUrl()) ? DEFAULT_API_URL : c.accountApiUrl();
  }

  /** The SSO scopes the account client requests, in effect. */
  static String scope(ConfigEntry c) {
    return blank(c.accountScope()) ? DEFAULT_SCOPE : c.accountScope().trim().replaceAll("\\s+", " ");
  }

  /** The environment id platform tokens are restricted to: the explicit one, else derived; null if neither. */
  static String environmentId(ConfigEntry c) {
    return blank(c.environmentId()) ? derivedEnvironmentId(c.environmentUrl()) : c.environmentId();
  }

  /** The id of a SaaS environment URL (abc12345 of https://abc12345.live.dynatrace.com), or null. */
  static String derivedEnvironmentId(String environmentUrl) {
    if (blank(environmentUrl)) {
      return null;
    }
    try {
      String host = new URI(environmentUrl.strip()).getHost();
      Matcher m = host == null ? null : SAAS_HOST.matcher(host.toLowerCase(Locale.ROOT));
      return m != null && m.matches() ? m.group(1) : null;
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }

  /** Throws a {@link UserError} naming the first offending account field of a merged entry. */
  static void check(ConfigEntry c) {
    if (!blank(c.accountUuid()) && !isUuid(c.accountUuid())) {
      throw UserError.invalidField("account_uuid", "must be the account's UUID (8-4-4-4-12 hex digits, as in"
          + " urn:dtaccount:<uuid>)");
    }
    if (!blank(c.environmentId()) && !ENVIRONMENT_ID.matcher(c.environmentId()).matches()) {
      throw UserError.invalidField("environment_id", "must be lowercase letters, digits and '-' (the id in"
          + " urn:dtenvironment:<id>, e.g. abc12345)");
    }
    if (!blank(c.accountApiUrl())) {
      ConfigRules.url("account_api_url", c.accountApiUrl(), c.allowHttpLoopback());
    }
    boolean any = !blank(c.accountUuid()) || !blank(c.accountClientId()) || !blank(c.accountClientSecret());
    if (!any && c.mode() != AuthMode.NONE) {
      return;
    }
    List<String> missing = missing(c);
    if (!missing.isEmpty()) {
      throw new UserError("missing required field(s) for the account side" + (c.mode() == AuthMode.NONE
          ? " (auth_mode=none mints platform tokens only)" : " (it is all or nothing)") + ": "
          + String.join(", ", missing));
    }
    if (environmentId(c) == null) {
      throw UserError.invalidField("environment_id", "is required with the account side: it cannot be derived"
          + " from environment_url (only from https://<id>.live.dynatrace.com or https://<id>.apps.dynatrace.com"
          + " and their dynatracelabs.com variants); set the id of urn:dtenvironment:<id>");
    }
  }

  private static List<String> missing(ConfigEntry c) {
    Map<String, String> values = Map.of("account_uuid", orEmpty(c.accountUuid()),
        "account_client_id", orEmpty(c.accountClientId()), "account_client_secret", orEmpty(c.accountClientSecret()));
    return REQUIRED.stream().filter(f -> values.get(f).isBlank()).toList();
  }

  /**
   * With an account side, a write that changes where its client secret is sent or whom it trusts
   * there must carry account_client_secret again (the stored one is never sent to a new
   * destination); otherwise a 400 naming the changed field.
   */
  static void requireSecretForNewDestination(ConfigEntry stored, ConfigEntry merged, Predicate<String> sent) {
    if (!merged.hasAccount() || sent.test("account_client_secret")) {
      return;
    }
    Map<String, Object> before = destination(stored);
    Map<String, Object> after = destination(merged);
    List<String> changed = DESTINATION_FIELDS.stream()
        .filter(f -> !Objects.equals(before.get(f), after.get(f))).toList();
    if (!changed.isEmpty()) {
      throw UserError.invalidField(changed.get(0), "changing " + String.join(", ", changed) + " changes where the"
          + " account client secret is sent, so the same write must carry account_client_secret again (the"
          + " stored secret is never sent to a new destination)");
    }
  }

  private static Map<String, Object> destination(ConfigEntry c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("account_api_url", c.hasAccount() ? Environments.normal(apiUrl(c)) : null);
    m.put("account_uuid", c.hasAccount() ? c.accountUuid().toLowerCase(Locale.ROOT) : null);
    Map<String, Object> shared = c.destination();
    m.put("sso_url", shared.get("sso_url"));
    m.put("sidecar_url", shared.get("sidecar_url"));
    m.put("sidecar_ca_pem", shared.get("sidecar_ca_pem"));
    return m;
  }

  /**
   * The account check of the last config verification (the sidecar's {@code CredentialInfo.account}
   * as stored under config_verification), if there is one that reads.
   */
  static Optional<AccountInfo> verifiedAccount(Storage storage) {
    try {
      return storage.getJson(ConfigPath.VERIFICATION_KEY, Map.class).map(v -> v.get("account"))
          .filter(Map.class::isInstance)
          .map(a -> SidecarJson.mapper().convertValue(a, AccountInfo.class));
    } catch (RuntimeException e) {
      return Optional.empty(); // an unreadable verification: the limits are unknown
    }
  }

  /** Warnings a saved config deserves: classic creation disabled upstream while a classic minter is set. */
  static List<String> warnings(ConfigEntry c, Map<String, Object> verification) {
    List<String> out = new ArrayList<>();
    if (verification != null && CredentialInfo.CLASSIC_CREATION_DISABLED.equals(verification.get("classic_token_creation"))) {
      out.add("Dynatrace refuses to create classic access tokens in this environment (classic_token_creation="
          + "disabled, as in a Phase 3 environment): classic roles will fail; use token_type=platform roles"
          + (c.hasAccount() ? "" : " and configure the account side (account_uuid, account_client_id,"
          + " account_client_secret)"));
    }
    return out;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  /** The part of config's help that describes the account side. */
  static final String HELP = """

      Platform tokens (roles with token_type=platform) are minted through Dynatrace's Account
      Management API by the account side: account_uuid (the account's UUID), account_client_id and
      account_client_secret (an account OAuth client), account_scope (the SSO scopes it requests,
      space-separated; default platform-token:tokens:write platform-token:tokens:manage; Dynatrace's
      docs name account-idm-read account-idm-write instead, and SSO rejects the whole token request
      if the client lacks any requested scope), account_api_url (https, default
      https://api.dynatrace.com; plain http only for a loopback host with allow_http_loopback=true)
      and environment_id (tokens are restricted to urn:dtenvironment:<environment_id>; derived from
      environment_url when its host is <id>.live.dynatrace.com or <id>.apps.dynatrace.com, or a
      dynatracelabs.com variant, else required). The account side is all or nothing: with
      account_uuid, account_client_id and account_client_secret are required. sso_url serves the
      account client too. auth_mode=none configures no classic minter: only platform roles work
      then, and the account side is required. The account client can mint tokens with any scope
      for any environment of the account: give its user only the permissions the roles may hand
      out (a token's effective rights are its scopes intersected with its owner's permissions).

      A write that changes account_api_url, account_uuid, sso_url, sidecar_url or sidecar_ca_pem
      while an account side is configured must carry account_client_secret again (with
      auth_mode=none this is the only credential rule). Reads show account_uuid,
      account_client_id, account_client_secret_fingerprint, and the effective account_scope,
      account_api_url and environment_id; the verification (minter) shows the sidecar's check of
      the account side under account: the account, the owner of the tokens, how many platform
      tokens the client sees and the account's token limits.
      """;
}
