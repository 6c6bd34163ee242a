package io.dtvb.sidecar;

import io.dtvb.dynatrace.DynatraceConnection;
import io.dtvb.dynatrace.DynatraceTokenApi;
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

  /** One live connection: its settings (secret), client and what the lease log records of it. */
  record Connection(String id, ConnectionSettings settings, DynatraceConnection dynatrace, DynatraceTokenApi api) {
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
  }

  private final Function<DynatraceConnection, DynatraceTokenApi> clients;
  private final SidecarPolicy policy;
  private final Map<String, Connection> live = new ConcurrentHashMap<>();

  public ConnectionService(Function<DynatraceConnection, DynatraceTokenApi> clients, SidecarPolicy policy) {
    this.clients = clients;
    this.policy = policy;
  }

  /**
   * Registers or replaces a connection; answers its non-secret description and the replaced one
   * (null if none or unchanged). The same settings again keep the existing client (and its cached
   * bearer); changed settings get a new client.
   */
  synchronized Connection put(String id, ConnectionSettings s) {
    DynatraceConnection dc = check(s);
    Connection old = live.get(id);
    if (old != null && old.settings().equals(s)) {
      return old;
    }
    Connection c = new Connection(id, s, dc, build(dc));
    live.put(id, c);
    if (old != null) {
      old.api().close();
    }
    return c;
  }

  /** A client for candidate settings (checked like a push); the caller closes it. */
  Connection candidate(String id, ConnectionSettings s) {
    DynatraceConnection dc = check(s);
    return new Connection(id, s, dc, build(dc));
  }

  static ConnectionInfo info(Connection c) {
    return new ConnectionInfo(c.id(), c.settings().authMode().wireName(), c.settings().environmentUrl(),
        c.settings().credentialFingerprint(), c.fingerprint());
  }

  boolean remove(String id) {
    Connection old = live.remove(id);
    if (old != null) {
      old.api().close();
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

  private DynatraceTokenApi build(DynatraceConnection dc) {
    try {
      return clients.apply(dc);
    } catch (IllegalArgumentException e) {
      throw ApiError.invalid("the connection settings are not usable: " + e.getMessage());
    }
  }

  /** Checks settings and converts them for the Dynatrace client; refusals name the field only. */
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
      case NONE -> throw new InvalidMessage("auth_mode", "none is not supported by this sidecar yet");
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
