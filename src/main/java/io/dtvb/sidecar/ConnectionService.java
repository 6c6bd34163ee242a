package io.dtvb.sidecar;

import io.dtvb.dynatrace.DynatraceConnection;
import io.dtvb.dynatrace.DynatraceConnection.AuthMode;
import io.dtvb.dynatrace.DynatraceTokenApi;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The connections the plugin has pushed: how to reach each Dynatrace environment and the client
 * for it. Credentials live here in memory only and are never returned or logged.
 */
public final class ConnectionService {
  private final Function<DynatraceConnection, DynatraceTokenApi> clients;
  private final Map<String, DynatraceTokenApi> apis = new ConcurrentHashMap<>();
  private final Map<String, DynatraceConnection> settings = new ConcurrentHashMap<>();

  public ConnectionService(Function<DynatraceConnection, DynatraceTokenApi> clients) {
    this.clients = clients;
  }

  /**
   * Registers or replaces a connection; answers its non-secret description. The same settings
   * again keep the existing client (and its cached bearer); changed settings (a new credential,
   * e.g. a replaced OAuth client secret) get a new client, so nothing cached under the old
   * credential is used again.
   */
  public synchronized JsonObject put(String id, JsonObject body) {
    DynatraceConnection c = parse(body);
    if (!c.equals(settings.get(id)) || !apis.containsKey(id)) {
      DynatraceTokenApi api;
      try {
        api = clients.apply(c);
      } catch (IllegalArgumentException e) {
        throw ApiError.invalid(e.getMessage());
      }
      settings.put(id, c);
      DynatraceTokenApi old = apis.put(id, api);
      if (old != null) {
        old.close();
      }
    }
    String secret = switch (c.authMode()) {
      case OAUTH -> c.oauthClientSecret();
      case PLATFORM_TOKEN -> c.platformToken();
      case API_TOKEN -> c.apiToken();
    };
    return new JsonObject().put("connection_id", id).put("auth_mode", body.getString("auth_mode"))
        .put("environment_url", c.environmentUrl()).put("credential_fingerprint", fingerprint(secret));
  }

  public boolean remove(String id) {
    settings.remove(id);
    DynatraceTokenApi old = apis.remove(id);
    if (old != null) {
      old.close();
    }
    return old != null;
  }

  /** The client for a connection, or an unknown_connection error telling the plugin to re-push. */
  public DynatraceTokenApi api(String id) {
    DynatraceTokenApi api = apis.get(id);
    if (api == null) {
      throw ApiError.unknownConnection(id);
    }
    return api;
  }

  /** The settings of a known connection (holds the credential: never log or return it). */
  DynatraceConnection settings(String id) {
    api(id);
    return settings.get(id);
  }

  /** The ids of the known connections. */
  public java.util.Set<String> ids() {
    return java.util.Set.copyOf(apis.keySet());
  }

  public int size() {
    return apis.size();
  }

  static DynatraceConnection parse(JsonObject b) {
    String url = required(b, "environment_url");
    checkUrl("environment_url", url);
    AuthMode mode = switch (b.getString("auth_mode", "api_token")) {
      case "api_token" -> AuthMode.API_TOKEN;
      case "oauth" -> AuthMode.OAUTH;
      case "platform_token" -> AuthMode.PLATFORM_TOKEN;
      default -> throw ApiError.invalid("field \"auth_mode\" must be \"api_token\", \"oauth\" or \"platform_token\"");
    };
    if (mode == AuthMode.PLATFORM_TOKEN) {
      String token = required(b, "platform_token");
      if (!token.startsWith(DynatraceConnection.PLATFORM_TOKEN_PREFIX)) {
        throw ApiError.invalid("field \"platform_token\" must be a Dynatrace platform token starting with \""
            + DynatraceConnection.PLATFORM_TOKEN_PREFIX + "\"");
      }
      return new DynatraceConnection(url, mode, null, null, null, null, null, null, token);
    }
    String sso = b.getString("sso_url");
    if (sso != null) {
      checkUrl("sso_url", sso);
    }
    if (mode == AuthMode.API_TOKEN) {
      return new DynatraceConnection(url, mode, required(b, "api_token"), null, null, null, null, null, null);
    }
    return new DynatraceConnection(url, mode, null, required(b, "oauth_client_id"),
        required(b, "oauth_client_secret"), required(b, "oauth_resource"),
        b.getString("oauth_scope", DynatraceConnection.DEFAULT_OAUTH_SCOPE),
        sso == null ? DynatraceConnection.DEFAULT_SSO_URL : sso, null);
  }

  private static String required(JsonObject b, String field) {
    Object v = b.getValue(field);
    if (!(v instanceof String s) || s.isBlank()) {
      throw ApiError.invalid("missing or empty field \"" + field + "\"");
    }
    return s;
  }

  private static void checkUrl(String field, String value) {
    try {
      URI u = URI.create(value);
      if (!("https".equals(u.getScheme()) || "http".equals(u.getScheme())) || u.getHost() == null) {
        throw ApiError.invalid("field \"" + field + "\" must be an absolute http(s) URL");
      }
    } catch (IllegalArgumentException e) {
      throw ApiError.invalid("field \"" + field + "\" is not a valid URL");
    }
  }

  static String fingerprint(String secret) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
