package io.dtvb.engine;

import com.fasterxml.jackson.core.type.TypeReference;
import io.dtvb.sidecarapi.Redaction;
import io.dtvb.vaultsdk.framework.Durations;
import io.dtvb.vaultsdk.framework.Field;
import io.dtvb.vaultsdk.framework.FieldData;
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
  /** tidy_interval and rotate_before: a year is already more than either can mean. */
  static final java.time.Duration MAX_INTERVAL = java.time.Duration.ofDays(365);

  private final EngineContext ctx;

  ConfigPath(EngineContext ctx) {
    this.ctx = ctx;
  }

  Path path() {
    return Path.builder("config")
        .fields(ConfigFields.ALL.toArray(Field[]::new))
        .fields(ConfigFields.VERIFY, ConfigFields.FORCE)
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
      view.put("connection_id", ctx.upstream().connectionId());
      return Response.of(view);
    }).orElse(null);
  }

  /**
   * A write: malformed values and a new destination without the credential are refused before
   * any network call; the merged settings are verified as a candidate (the sidecar's live
   * connection is untouched) before anything is saved; only the saved settings are pushed.
   */
  private Response write(Request req, FieldData data) throws Exception {
    refuseControlCharacters(data);
    synchronized (ctx.credentialLock()) { // a rotation in flight must not be overwritten by a stale merge
      return writeLocked(req, data);
    }
  }

  private Response writeLocked(Request req, FieldData data) throws Exception {
    Optional<ConfigEntry> stored = load(req.storage());
    ConfigEntry merged = merge(stored.orElse(null), data);
    ConfigRules.check(merged);
    stored.ifPresent(old -> ConfigRules.requireCredentialForNewDestination(old, merged, data::has));
    stored.ifPresent(old -> AccountConfig.requireSecretForNewDestination(old, merged, data::has));
    LiveTokenGuard.check(req.storage(), stored.orElse(null), merged, data.getBool(ConfigFields.FORCE.name()));
    boolean verify = data.getBool(ConfigFields.VERIFY.name());
    Map<String, Object> verification = verify ? verifyCandidate(merged) : null;
    Optional<Map> previousVerification = req.storage().getJson(VERIFICATION_KEY, Map.class);
    req.storage().putJson(STORAGE_KEY, merged);
    if (verification != null) {
      req.storage().putJson(VERIFICATION_KEY, verification);
    } else {
      req.storage().delete(VERIFICATION_KEY);
    }
    Response response = Response.of(Map.of());
    AccountConfig.warnings(merged, verification).forEach(response::warn);
    try {
      ctx.upstream().on(merged).put();
      ctx.upstream().retainOnly(merged);
    } catch (UpstreamException e) {
      if (e.isRefusal()) {
        restore(req, stored, previousVerification);
        throw UpstreamErrors.toVault(UpstreamErrors.Answer.REQUEST,
            "config not saved: the sidecar refused the connection", e, null, secrets(stored, merged));
      }
      LOG.warn("config saved but not pushed to the sidecar yet; the next call pushes it",
          "reason", UpstreamErrors.describe(e, secrets(stored, merged)));
      response.warn("config saved, but the sidecar could not take it yet (" + UpstreamErrors.describe(e,
          secrets(stored, merged)) + "); the next call through the sidecar pushes it again");
    }
    LOG.info("config written", "environment_url", merged.environmentUrl(), "auth_mode", merged.authMode(),
        "verified", verify);
    if (ConfigRules.isPlainHttp(merged.environmentUrl()) || ConfigRules.isPlainHttp(merged.ssoUrl())
        || (merged.hasAccount() && ConfigRules.isPlainHttp(AccountConfig.apiUrl(merged)))) {
      response.warn("plain http is in use towards a loopback host; use it only for tests and demos");
    }
    return response.warnings().isEmpty() ? null : response;
  }

  /** A URL or credential holding a control character is malformed; its value is never echoed or logged. */
  private static void refuseControlCharacters(FieldData data) {
    for (String field : ConfigFields.CHECKED_FOR_CONTROL_CHARACTERS) {
      if (data.has(field) && Redaction.hasControlCharacter(data.getString(field).strip())) {
        throw UserError.invalidField(field, "contains a control character (CR, LF, NUL, ...); the value is"
            + " not shown");
      }
    }
  }

  /**
   * The live check of the merged settings on a temporary connection at the sidecar (the live one
   * is not changed): Dynatrace's reason on refusal (400), a 503 when unreachable; nothing is saved.
   */
  private Map<String, Object> verifyCandidate(ConfigEntry merged) {
    try {
      return ConfigVerification.of(ctx.upstream().on(merged).verifyCandidate(merged.settings()),
          ctx.clock().instant());
    } catch (UpstreamException e) {
      throw UpstreamErrors.toVault(UpstreamErrors.Answer.REQUEST, "config not saved: the credential did not"
          + " verify", e, "nothing was saved; retry, or set verify_connection=false", merged.secrets());
    }
  }

  /** Puts back what the refused write replaced: the previous entry (or none) and its verification. */
  @SuppressWarnings("rawtypes")
  private static void restore(Request req, Optional<ConfigEntry> stored, Optional<Map> verification) {
    if (stored.isPresent()) {
      req.storage().putJson(STORAGE_KEY, stored.get());
    } else {
      req.storage().delete(STORAGE_KEY);
    }
    if (verification.isPresent()) {
      req.storage().putJson(VERIFICATION_KEY, verification.get());
    } else {
      req.storage().delete(VERIFICATION_KEY);
    }
  }

  private static List<String> secrets(Optional<ConfigEntry> stored, ConfigEntry merged) {
    List<String> out = new java.util.ArrayList<>(merged.secrets());
    stored.ifPresent(s -> out.addAll(s.secrets()));
    return out;
  }

  /**
   * Deletes the configuration. While the inventory lists live tokens the delete is refused unless
   * force=true: without a config their leases cannot be revoked (Vault retries and finally gives
   * up), so a delete must not orphan them by accident.
   */
  private Response delete(Request req, FieldData data) {
    boolean existed = load(req.storage()).isPresent();
    int live = existed ? TokenInventory.all(req.storage()).size() : 0;
    if (live > 0 && !data.getBool(ConfigFields.FORCE.name())) {
      throw new UserError("config not deleted: " + live + " live token(s) of this mount are in the inventory"
          + " (tokens/). Revoke their leases first (vault lease revoke -prefix " + req.context().mountPoint()
          + "creds/), or disable the mount (secrets disable revokes every lease first), or delete with"
          + " force=true: their leases then cannot be revoked until config is written again, and the"
          + " tokens expire at their fixed end");
    }
    req.storage().delete(STORAGE_KEY);
    req.storage().delete(VERIFICATION_KEY);
    ctx.upstream().close();
    if (!existed) {
      return null;
    }
    LOG.info("config deleted", "live_tokens_left", live);
    return Response.of(Map.of()).warn("outstanding leases cannot be revoked until config is written"
        + " again; their tokens still expire on their own at their fixed expiry");
  }

  private static ConfigEntry merge(ConfigEntry stored, FieldData data) {
    Map<String, Object> merged = stored == null ? new LinkedHashMap<>() : Storage.JSON.convertValue(stored, MAP);
    for (Field f : ConfigFields.ALL) {
      if (data.has(f.name())) {
        merged.put(f.name(), switch (f.type()) {
          case BOOL -> data.getBool(f.name());
          case DURATION -> Durations.atMost(f.name(), data.getDuration(f.name()), MAX_INTERVAL).getSeconds();
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

  private static final String SYNOPSIS = "Configure the Dynatrace connection and the sidecar that reaches it.";

  private static final String DESCRIPTION = """
      The engine mints Dynatrace tokens through a sidecar reached over mutual TLS. This endpoint
      holds the minters' credentials and the sidecar's address and TLS material. The classic
      minter (classic access tokens) is one of four auth_mode values: api_token (an access token
      with apiTokens.read and apiTokens.write, sent to the classic /api/v2), oauth (an OAuth client
      whose bearer is used on the platform proxy /platform/classic/environment-api/v2),
      platform_token (a Dynatrace platform token, dt0s16.…, sent as a bearer on that same proxy) or
      none (no classic minter; for environments where classic token creation is disabled). Only
      the selected mode's credential is sent to the sidecar.

      Writes merge into the stored configuration: omitted fields keep their values, an empty
      string clears an optional field.

      A credential goes only where an operator sent it. A write that changes where the credential
      is sent or how it is trusted (environment_url, sso_url, oauth_resource, sidecar_url,
      sidecar_ca_pem, or auth_mode) must carry the credential of the resulting auth_mode again
      (api_token, oauth_client_secret or platform_token); otherwise it is refused with a 400 naming
      the changed field, before anything is verified or pushed. The sidecar client key need not be
      repeated: a TLS client key never leaves the plugin (the handshake only proves possession),
      while the Dynatrace credential is sent to the sidecar and on to Dynatrace. A URL or
      credential containing a control character (CR, LF, NUL, ...) is refused naming the field,
      without echoing the value.

      Order of a write: checks; then, with verify_connection=true (default), the merged settings
      are verified with a live Dynatrace call on a temporary connection at the sidecar (the live
      connection is untouched) and a refusal (400) or an unreachable sidecar (503) saves nothing;
      then the configuration is saved; then it is pushed to the sidecar as the live connection. A
      push that the sidecar refuses puts the previous configuration back (400); a push that fails
      for a transient reason keeps the saved configuration and says so in the warnings (the next
      call through the sidecar pushes it again). With verify_connection=false nothing is checked
      against Dynatrace: the configuration is saved and pushed in that same order, so a refusal by
      the sidecar still changes nothing and Vault storage stays the source of truth.

      Reads never return secrets: api_token, oauth_client_secret, platform_token and
      sidecar_client_key_pem are shown as api_token_fingerprint, oauth_client_secret_fingerprint,
      platform_token_fingerprint and sidecar_client_key_fingerprint ("sha256:<hex>"), so an
      operator can tell which credential is configured without seeing it. The configuration is seal-wrapped where Vault supports it.

      tidy_interval (default 0 = off) makes Vault's periodic rollback request run tidy once per
      interval (at least 1m): orphaned tokens with this mount's prefix are deleted. The prefix is
      shown as token_name_prefix. connection_id is the id of this mount's connection at the
      sidecar (the mount's backend UUID): the name an operator uses to rebind it to a new client
      certificate (docs/multi-mount.md).

      rotate_before (api_token mode, default 0 = off) makes the periodic request run rotate-root
      once the minter token's expiry (as the last verification saw it) is that close.

      Deleting the configuration does not revoke issued tokens. While the inventory lists live
      tokens a delete is refused (400, with the count) unless force=true: revoke the leases first
      (vault lease revoke -prefix <mount>/creds/) or disable the mount, which revokes every lease
      first. After a forced delete their leases can be revoked again once a configuration is
      written, and every token expires on its own at its fixed expiry.
      """ + AccountConfig.HELP;
}
