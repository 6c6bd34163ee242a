package io.dtvb.sidecar;

import io.dtvb.dynatrace.AccountConnection;
import io.dtvb.dynatrace.DynatraceConnection;
import io.dtvb.dynatrace.DynatraceTokenApi;
import io.dtvb.dynatrace.PlatformTokenApi;
import io.dtvb.sidecarapi.ConnectionInfo;
import io.dtvb.sidecarapi.ConnectionSettings;
import io.dtvb.sidecarapi.InvalidMessage;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The connections the plugin has pushed: how to reach each Dynatrace environment and the client
 * for it. Credentials live here in memory only and are never returned or logged. Every settings
 * value is checked (control characters, required fields, the policy's hosts) before any client is
 * built, so a refused value never reaches the network.
 */
public final class ConnectionService {

  /**
   * One live connection: its settings (secret), its classic client (null with auth_mode none),
   * its account side (null without one) and what it learned (a Phase 3 refusal of classic creation).
   */
  record Connection(String id, ConnectionSettings settings, DynatraceConnection dynatrace, DynatraceTokenApi api,
      AccountSide account, java.util.concurrent.atomic.AtomicBoolean classicCreationRetired) {
    String fingerprint() {
      return settings.fingerprint();
    }

    /** The host of the environment URL (what the lease log records as the environment). */
    String environment() {
      return URI.create(settings.environmentUrl()).getHost();
    }

    List<String> secrets() {
      return settings.secrets();
    }

    boolean hasClassic() {
      return api != null;
    }

    /** The classic client, or a refusal naming why there is none. */
    DynatraceTokenApi classic() {
      if (api == null) {
        throw ApiError.invalid("connection \"" + id + "\" has no classic minter (auth_mode none): it mints"
            + " platform tokens only; use a role with token_type=platform or configure a classic credential");
      }
      return api;
    }

    /** The account side, or a refusal naming why there is none. */
    AccountSide accountSide() {
      if (account == null) {
        throw ApiError.invalid("connection \"" + id + "\" has no account side (account_uuid,"
            + " account_client_id, account_client_secret): platform tokens cannot be minted or deleted through it");
      }
      return account;
    }

    void close() {
      if (api != null) {
        api.close();
      }
      if (account != null) {
        account.api().close();
      }
    }
  }

  private final DynatraceClients clients;
  private final SidecarPolicy policy;
  private final Map<String, Connection> live = new ConcurrentHashMap<>();
  /**
   * Per connection id and environment: whether the environment refused a classic create as a
   * Phase 3 environment (shared by the live connection and candidates, so a verify can say so).
   */
  private final Map<String, java.util.concurrent.atomic.AtomicBoolean> retired = new ConcurrentHashMap<>();

  public ConnectionService(DynatraceClients clients, SidecarPolicy policy) {
    this.clients = clients;
    this.policy = policy;
  }

  /** Classic clients only (tests and callers without an account client). */
  public ConnectionService(Function<DynatraceConnection, DynatraceTokenApi> clients, SidecarPolicy policy) {
    this(DynatraceClients.environmentOnly(clients), policy);
  }

  /**
   * Registers or replaces a connection; answers its non-secret description and the replaced one
   * (null if none or unchanged). The same settings again keep the existing client (and its cached
   * bearer); changed settings get a new client.
   */
  synchronized Connection put(String id, ConnectionSettings s) {
    Connection old = live.get(id);
    if (old != null && old.settings().equals(s)) {
      return old;
    }
    Connection c = build(id, s);
    live.put(id, c);
    if (old != null) {
      old.close();
    }
    return c;
  }

  /** A client for candidate settings (checked like a push); the caller closes it. */
  Connection candidate(String id, ConnectionSettings s) {
    return build(id, s);
  }

  private Connection build(String id, ConnectionSettings s) {
    DynatraceConnection dc = check(s);
    AccountConnection ac = checkAccount(s);
    DynatraceTokenApi api = dc == null ? null : client(() -> clients.environment().apply(dc));
    PlatformTokenApi accountApi;
    try {
      accountApi = ac == null ? null : client(() -> clients.account().apply(ac));
    } catch (RuntimeException e) {
      if (api != null) {
        api.close();
      }
      throw e;
    }
    return new Connection(id, s, dc, api, accountApi == null ? null : new AccountSide(ac, accountApi,
        s.environmentId()), retired.computeIfAbsent(id + " " + s.environmentUrl(),
            k -> new java.util.concurrent.atomic.AtomicBoolean()));
  }

  static ConnectionInfo info(Connection c) {
    return new ConnectionInfo(c.id(), c.settings().authMode().wireName(), c.settings().environmentUrl(),
        c.settings().credentialFingerprint(), c.fingerprint());
  }

  boolean remove(String id) {
    Connection old = live.remove(id);
    if (old != null) {
      old.close();
    }
    return old != null;
  }

  /** The connection, or null. */
  Connection get(String id) {
    return live.get(id);
  }

  /** The ids of the known connections. */
  public Set<String> ids() {
    return Set.copyOf(live.keySet());
  }

  public int size() {
    return live.size();
  }

  private static <T> T client(java.util.function.Supplier<T> make) {
    try {
      return make.get();
    } catch (IllegalArgumentException e) {
      throw ApiError.invalid("the connection settings are not usable: " + e.getMessage());
    }
  }

  /**
   * Checks the account side (all or nothing: uuid, client id and secret; the environment id its
   * tokens are restricted to; the API and SSO hosts within the policy); null without one.
   */
  AccountConnection checkAccount(ConnectionSettings s) {
    boolean any = s.hasAccount() || s.accountClientId() != null || s.accountClientSecret() != null;
    if (!any) {
      if (s.authMode() == ConnectionSettings.AuthMode.NONE) {
        throw new InvalidMessage("account_uuid", "is required with auth_mode none (platform tokens only)");
      }
      return null;
    }
    String uuid = required("account_uuid", s.accountUuid());
    if (!uuid.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
      throw new InvalidMessage("account_uuid", "must be a UUID");
    }
    String env = required("environment_id", s.environmentId());
    if (!env.matches("[a-z0-9][a-z0-9-]{0,62}")) {
      throw new InvalidMessage("environment_id", "must be a Dynatrace environment id (lowercase letters, digits, '-')");
    }
    String url = s.accountApiUrl() == null ? AccountConnection.DEFAULT_ACCOUNT_API_URL : s.accountApiUrl();
    policy.checkUrl("account_api_url", url);
    return new AccountConnection(uuid, url, required("account_client_id", s.accountClientId()),
        required("account_client_secret", s.accountClientSecret()),
        s.accountScope() == null ? AccountConnection.DEFAULT_ACCOUNT_SCOPE : s.accountScope(),
        s.ssoUrl() == null ? DynatraceConnection.DEFAULT_SSO_URL : s.ssoUrl());
  }

  /**
   * Checks settings and converts them for the classic Dynatrace client (null with auth_mode
   * none); refusals name the field only.
   */
  DynatraceConnection check(ConnectionSettings s) {
    List<String> bad = s.fieldsWithControlCharacters();
    if (!bad.isEmpty()) {
      throw new InvalidMessage(bad.get(0), "must not contain control characters (CR, LF, NUL, ...)");
    }
    String url = required("environment_url", s.environmentUrl());
    policy.checkUrl("environment_url", url);
    if (s.ssoUrl() != null) { // checked in every mode: no unapproved host in settings the sidecar holds
      policy.checkUrl("sso_url", s.ssoUrl());
    }
    ConnectionSettings.AuthMode mode = s.authMode() == null ? ConnectionSettings.AuthMode.API_TOKEN : s.authMode();
    return switch (mode) {
      case NONE -> null;
      case PLATFORM_TOKEN -> {
        String token = required("platform_token", s.platformToken());
        if (!token.startsWith(DynatraceConnection.PLATFORM_TOKEN_PREFIX)) {
          throw new InvalidMessage("platform_token", "must be a Dynatrace platform token starting with \""
              + DynatraceConnection.PLATFORM_TOKEN_PREFIX + "\"");
        }
        yield new DynatraceConnection(url, DynatraceConnection.AuthMode.PLATFORM_TOKEN, null, null, null, null, null,
            null, token);
      }
      case API_TOKEN -> new DynatraceConnection(url, DynatraceConnection.AuthMode.API_TOKEN,
          required("api_token", s.apiToken()), null, null, null, null, null, null);
      case OAUTH -> {
        String sso = s.ssoUrl() == null ? DynatraceConnection.DEFAULT_SSO_URL : s.ssoUrl();
        yield new DynatraceConnection(url, DynatraceConnection.AuthMode.OAUTH, null,
            required("oauth_client_id", s.oauthClientId()), required("oauth_client_secret", s.oauthClientSecret()),
            required("oauth_resource", s.oauthResource()),
            s.oauthScope() == null ? DynatraceConnection.DEFAULT_OAUTH_SCOPE : s.oauthScope(), sso, null);
      }
    };
  }

  private static String required(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidMessage(field, "is required");
    }
    return value;
  }
}
