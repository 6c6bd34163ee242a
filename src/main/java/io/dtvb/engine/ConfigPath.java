package io.dtvb.engine;

import com.fasterxml.jackson.core.type.TypeReference;
import io.dtvb.vaultsdk.framework.CodedError;
import io.dtvb.vaultsdk.framework.Field;
import io.dtvb.vaultsdk.framework.FieldData;
import io.dtvb.vaultsdk.framework.FieldType;
import io.dtvb.vaultsdk.framework.Log;
import io.dtvb.vaultsdk.framework.Operation;
import io.dtvb.vaultsdk.framework.Path;
import io.dtvb.vaultsdk.framework.Request;
import io.dtvb.vaultsdk.framework.Response;
import io.dtvb.vaultsdk.framework.Storage;
import io.dtvb.vaultsdk.framework.UserError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code config} endpoint: how to reach Dynatrace and the sidecar. Writes merge into the stored
 * entry, are checked, and are pushed to the sidecar before they are saved; reads show fingerprints
 * instead of secrets.
 */
final class ConfigPath {
  static final String STORAGE_KEY = "config";
  private static final Log LOG = Log.named("dynatrace-engine");
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  static final String VERIFICATION_KEY = "config_verification";
  static final Field VERIFY_FIELD = Field.of("verify_connection", FieldType.BOOL,
      "Check the credential with a live Dynatrace call before saving (default true).").defaultValue(true);

  static final List<Field> FIELDS = List.of(
      Field.of("environment_url", FieldType.STRING, ConfigPath.ENVIRONMENT_URL_HELP).asRequired(),
      Field.of("auth_mode", FieldType.STRING, "How the minter authenticates: api_token (classic access "
          + "token), oauth (OAuth client) or platform_token (Dynatrace platform token).")
          .defaultValue("api_token"),
      Field.of("api_token", FieldType.STRING,
          "Dynatrace access token with apiTokens.read and apiTokens.write (auth_mode=api_token).").asSensitive(),
      Field.of("oauth_client_id", FieldType.STRING, "OAuth client id (auth_mode=oauth)."),
      Field.of("oauth_client_secret", FieldType.STRING, "OAuth client secret (auth_mode=oauth).").asSensitive(),
      Field.of("oauth_resource", FieldType.STRING,
          "OAuth resource: urn:dtaccount:<uuid> or urn:dtenvironment:<id> (auth_mode=oauth)."),
      Field.of("oauth_scope", FieldType.STRING, "OAuth scopes to request; the sidecar has a default."),
      Field.of("sso_url", FieldType.STRING, "SSO token endpoint (https); the sidecar has a default."),
      Field.of("platform_token", FieldType.STRING,
          "Dynatrace platform token (dt0s16.…) whose user may read and write API tokens "
              + "(environment-api:api-tokens:read and :write) (auth_mode=platform_token).").asSensitive(),
      Field.of("allow_http_loopback", FieldType.BOOL,
          "Allow plain http for environment_url and sso_url when the host is loopback (tests, demos).")
          .defaultValue(false),
      Field.of("sidecar_url", FieldType.STRING, "https URL of the sidecar.").asRequired(),
      Field.of("sidecar_ca_pem", FieldType.STRING, "PEM CA certificate(s) that sign the sidecar's certificate."),
      Field.of("sidecar_client_cert_pem", FieldType.STRING, "PEM client certificate the plugin presents."),
      Field.of("sidecar_client_key_pem", FieldType.STRING, "PEM private key of the client certificate.")
          .asSensitive(),
      Field.of("tidy_interval", FieldType.DURATION,
          "Run tidy from Vault's periodic rollback request this often; 0 (default) turns it off.")
          .defaultValue(0),
      Field.of("rotate_before", FieldType.DURATION,
          "auth_mode=api_token: rotate the minter token automatically once it expires within this window;"
              + " 0 (default) turns it off.").defaultValue(0));

  private final EngineContext ctx;

  ConfigPath(EngineContext ctx) {
    this.ctx = ctx;
  }

  Path path() {
    return Path.builder("config")
        .fields(FIELDS.toArray(Field[]::new))
        .fields(VERIFY_FIELD)
        .existenceCheck((req, data) -> load(req.storage()).isPresent())
        .operation(Operation.READ, this::read, "Read the configuration (secrets as fingerprints).")
        .operation(Operation.CREATE, this::write, "Configure the Dynatrace connection and the sidecar.")
        .operation(Operation.UPDATE, this::write, "Update the configuration; omitted fields are kept.")
        .operation(Operation.DELETE, this::delete, "Delete the configuration.")
        .help(SYNOPSIS, DESCRIPTION)
        .build();
  }

  /** The stored configuration, if any. */
  static Optional<ConfigEntry> load(Storage storage) {
    return storage.getJson(STORAGE_KEY, ConfigEntry.class);
  }

  private Response read(Request req, FieldData data) {
    return load(req.storage()).map(c -> {
      Map<String, Object> view = new LinkedHashMap<>(c.readView());
      req.storage().getJson(VERIFICATION_KEY, Map.class).ifPresent(v -> view.put("minter", v));
      view.put("token_name_prefix", ctx.namePrefix());
      return Response.of(view);
    }).orElse(null);
  }

  private Response write(Request req, FieldData data) throws Exception {
    ConfigEntry merged = merge(load(req.storage()).orElse(null), data);
    ConfigRules.check(merged);
    connect(merged);
    Map<String, Object> verification = data.getBool(VERIFY_FIELD.name()) ? verify(merged) : null;
    req.storage().putJson(STORAGE_KEY, merged);
    if (verification != null) {
      req.storage().putJson(VERIFICATION_KEY, verification);
    } else {
      req.storage().delete(VERIFICATION_KEY);
    }
    LOG.info("config written", "environment_url", merged.environmentUrl(), "auth_mode", merged.authMode());
    Response response = Response.of(Map.of());
    if (ConfigRules.isPlainHttp(merged.environmentUrl()) || ConfigRules.isPlainHttp(merged.ssoUrl())) {
      response.warn("plain http is in use towards a loopback host; use it only for tests and demos");
    }
    return response.warnings().isEmpty() ? null : response;
  }

  /**
   * Applies the configuration to the sidecar before it is saved, so a connection the sidecar or
   * Dynatrace refuses is never stored. Live credential verification belongs here too.
   */
  private void connect(ConfigEntry config) {
    try {
      ctx.upstream().push(config);
    } catch (UpstreamException e) {
      if (e.isRefusal()) {
        throw new UserError("config not saved: the connection was refused: " + e.describe());
      }
      throw new CodedError(503, "config not saved: could not push the connection to the sidecar ("
          + e.describe() + "); retry when the sidecar is reachable");
    }
  }

  /** The live check of the credential: Dynatrace's reason on refusal, a 503 when unreachable. */
  private Map<String, Object> verify(ConfigEntry config) {
    try {
      Map<String, Object> info = new LinkedHashMap<>(ctx.upstream().verify(config));
      info.put("verified_at", ctx.clock().instant().toString());
      return info;
    } catch (UpstreamException e) {
      if (e.isRefusal()) {
        throw new UserError("config not saved: Dynatrace refused the credential: " + e.describe()
            + " (set verify_connection=false to skip this check)");
      }
      throw new CodedError(503, "config not saved: could not verify the credential (" + e.describe()
          + "); retry, or set verify_connection=false");
    }
  }

  private Response delete(Request req, FieldData data) {
    boolean existed = load(req.storage()).isPresent();
    req.storage().delete(STORAGE_KEY);
    req.storage().delete(VERIFICATION_KEY);
    ctx.upstream().close();
    if (!existed) {
      return null;
    }
    LOG.info("config deleted");
    return Response.of(Map.of()).warn("outstanding leases cannot be revoked until config is written"
        + " again; their tokens still expire on their own at their fixed expiry");
  }

  private static ConfigEntry merge(ConfigEntry stored, FieldData data) {
    Map<String, Object> merged = stored == null ? new LinkedHashMap<>() : Storage.JSON.convertValue(stored, MAP);
    for (Field f : FIELDS) {
      if (data.has(f.name())) {
        merged.put(f.name(), switch (f.type()) {
          case BOOL -> data.getBool(f.name());
          case DURATION -> data.getDuration(f.name()).getSeconds();
          default -> trimmed(data.getString(f.name()));
        });
      }
    }
    if (merged.get("auth_mode") == null) {
      merged.put("auth_mode", "api_token");
    }
    return Storage.JSON.convertValue(merged, ConfigEntry.class);
  }

  private static String trimmed(String value) {
    String t = value.strip();
    return t.isEmpty() ? null : t;
  }

  /** The message for endpoints that need a configuration that is not there. */
  static UserError notConfigured() {
    return new UserError("the Dynatrace engine is not configured yet: write its config endpoint first");
  }

  private static final String ENVIRONMENT_URL_HELP = """
      Dynatrace environment URL (https), e.g. https://abc12345.live.dynatrace.com, \
      https://abc12345.apps.dynatrace.com (oauth, platform_token) or https://host/e/<environment-id> \
      (Managed).""";

  private static final String SYNOPSIS = "Configure the Dynatrace connection and the sidecar that reaches it.";

  private static final String DESCRIPTION = """
      The engine mints Dynatrace access tokens through a sidecar reached over mutual TLS. This
      endpoint holds the minter's credential and the sidecar's address and TLS material. The
      credential is one of three auth_mode values: api_token (an access token with apiTokens.read
      and apiTokens.write, sent to the classic /api/v2), oauth (an OAuth client whose bearer is used
      on the platform proxy /platform/classic/environment-api/v2) or platform_token (a Dynatrace
      platform token, dt0s16.…, sent as a bearer on that same proxy; for environments where classic
      token creation is disabled). Only the selected mode's credential is sent to the sidecar.

      Writes merge into the stored configuration: omitted fields keep their values, an empty
      string clears an optional field. Every write is pushed to the sidecar first; if the sidecar
      or Dynatrace refuses it, nothing is saved and the reason is returned.

      Reads never return secrets: api_token, oauth_client_secret, platform_token and
      sidecar_client_key_pem are shown as api_token_fingerprint, oauth_client_secret_fingerprint,
      platform_token_fingerprint and sidecar_client_key_fingerprint ("sha256:<hex>"), so an
      operator can tell which credential is configured without seeing it. The configuration is seal-wrapped where Vault supports it.

      tidy_interval (default 0 = off) makes Vault's periodic rollback request run tidy once per
      interval (at least 1m): orphaned tokens with this mount's prefix are deleted. The prefix is
      shown as token_name_prefix.

      rotate_before (api_token mode, default 0 = off) makes the periodic request run rotate-root
      once the minter token's expiry (as the last verification saw it) is that close.

      Deleting the configuration does not revoke issued tokens; their leases can be revoked again
      once a configuration is written, and every token expires on its own at its fixed expiry.
      """;
}
