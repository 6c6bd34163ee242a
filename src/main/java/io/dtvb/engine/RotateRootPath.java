package io.dtvb.engine;

import io.dtvb.vaultsdk.framework.CodedError;
import io.dtvb.vaultsdk.framework.Field;
import io.dtvb.vaultsdk.framework.FieldData;
import io.dtvb.vaultsdk.framework.FieldType;
import io.dtvb.vaultsdk.framework.Log;
import io.dtvb.vaultsdk.framework.Operation;
import io.dtvb.vaultsdk.framework.Path;
import io.dtvb.vaultsdk.framework.Request;
import io.dtvb.vaultsdk.framework.Response;
import io.dtvb.vaultsdk.framework.UserError;
import io.dtvb.vaultsdk.framework.WriteAheadLog;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code rotate-root} endpoint (api_token mode): creates a replacement minter token with the
 * same scopes, verifies it, stores it, then deletes the old token authenticated with the new one
 * (Dynatrace refuses to delete the token a call authenticates with). A journal entry names the new
 * token before it exists and the old token's id, so {@link #rollback} can finish or undo a rotation
 * that a crash interrupted at any step: the mount always holds a working credential and no
 * replacement is left behind.
 */
final class RotateRootPath {
  static final String WAL_KIND = "rotate_root";
  static final Duration DEFAULT_TTL_WITHOUT_EXPIRY = Duration.ofDays(365);
  private static final Log LOG = Log.named("dynatrace-engine");

  /** Where a test may stop a rotation, as a crash would. */
  enum Step { CREATED, PUSHED, STORED, OLD_DELETED }

  /** Called after each step; tests throw from it to stop the rotation there. */
  interface StepHook {
    void after(Step step);
  }

  private final EngineContext ctx;
  private final StepHook hook;

  RotateRootPath(EngineContext ctx, StepHook hook) {
    this.ctx = ctx;
    this.hook = hook;
  }

  Path path() {
    return Path.builder("rotate-root")
        .fields(Field.of("ttl", FieldType.DURATION,
            "Lifetime of the new minter token; default: the old token's lifetime (365d if it never expired)."))
        .operation(Operation.UPDATE, this::rotateRequest, "Replace the minter token with a new one.")
        .help(SYNOPSIS, DESCRIPTION)
        .build();
  }

  private Response rotateRequest(Request req, FieldData data) {
    Optional<Duration> ttl = data.has("ttl") ? Optional.of(data.getDuration("ttl")) : Optional.empty();
    if (ttl.isPresent() && ttl.get().compareTo(Duration.ofMinutes(10)) < 0) {
      throw new UserError("invalid value for field \"ttl\": must be at least 10m");
    }
    try {
      Map<String, Object> out = rotate(req, ttl, "manual");
      ctx.metrics().rotation("ok");
      return Response.of(out);
    } catch (RuntimeException e) {
      ctx.metrics().rotation("failed");
      throw e;
    }
  }

  /**
   * The periodic hook: rotates when rotate_before is set and the minter token's last known expiry
   * lies within it. The new token lives at least twice the window, so this never loops.
   */
  void periodic(Request req) {
    Optional<ConfigEntry> config = ConfigPath.load(req.storage());
    if (config.isEmpty() || config.get().rotateBeforeSeconds() <= 0
        || config.get().mode() != ConnectionSettings.AuthMode.API_TOKEN) {
      return;
    }
    Optional<Instant> expiry = req.storage().getJson(ConfigPath.VERIFICATION_KEY, Map.class)
        .map(v -> v.get("expiration_date")).flatMap(RotateRootPath::instant);
    Duration window = Duration.ofSeconds(config.get().rotateBeforeSeconds());
    if (expiry.isEmpty() || ctx.clock().instant().plus(window).isBefore(expiry.get())) {
      return;
    }
    Duration old = lifetime(req.storage().getJson(ConfigPath.VERIFICATION_KEY, Map.class).orElse(Map.of()));
    Duration ttl = old.compareTo(window.multipliedBy(2)) >= 0 ? old : window.multipliedBy(2);
    try {
      rotate(req, Optional.of(ttl), "periodic");
      ctx.metrics().rotation("ok");
    } catch (RuntimeException e) {
      ctx.metrics().rotation("failed");
      LOG.warn("automatic minter rotation failed; retried at the next periodic request", "error", e.getMessage());
    }
  }

  private static Optional<Instant> instant(Object v) {
    try {
      return v == null ? Optional.empty() : Optional.of(Instant.parse(String.valueOf(v)));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Rotates the minter token; answers the old and new token ids and the new expiry. */
  Map<String, Object> rotate(Request req, Optional<Duration> ttl, String trigger) {
    ConfigEntry config = ConfigPath.load(req.storage()).orElseThrow(ConfigPath::notConfigured);
    if (config.mode() != ConnectionSettings.AuthMode.API_TOKEN) {
      throw new UserError("rotate-root works for auth_mode=api_token; for oauth write the new"
          + " oauth_client_secret to config (no downtime), for platform_token write the new platform_token");
    }
    Map<String, Object> old = call(() -> ctx.upstream().verify(config), "check the current minter token");
    String oldId = String.valueOf(old.get("token_id"));
    Instant now = ctx.clock().instant();
    Duration lifetime = ttl.orElseGet(() -> lifetime(old));
    String name = TokenNames.rootName(ctx.namePrefix(), TokenNames.nonce(ctx.random()));
    Map<String, Object> journal = new LinkedHashMap<>();
    journal.put("new_token_name", name);
    journal.put("old_token_id", oldId);
    String walId = WriteAheadLog.put(req.storage(), WAL_KIND, journal, now);
    MintOrder order = new MintOrder(name, scopes(old), now.plus(lifetime), false, new MintOrder.LeaseContext(
        req.context().mountPoint(), "", req.context().entityId(), req.context().displayName(), req.id(),
        Map.of("purpose", "root_rotation", "replaces", oldId), null));
    MintedCredential fresh = call(() -> ctx.upstream().mint(config, order), "create the new minter token");
    hook.after(Step.CREATED);
    ConfigEntry rotated = config.withApiToken(fresh.token());
    Map<String, Object> verified;
    try {
      ctx.upstream().push(rotated);
      hook.after(Step.PUSHED);
      verified = ctx.upstream().verify(rotated);
    } catch (UpstreamException e) {
      undo(req, config, fresh, walId);
      throw new CodedError(e.isRefusal() ? 502 : 503, "rotate-root undone: the new minter token did not"
          + " verify (" + e.describe() + "); the old one stays in use");
    }
    req.storage().putJson(ConfigPath.STORAGE_KEY, rotated);
    Map<String, Object> info = new LinkedHashMap<>(verified);
    info.put("verified_at", ctx.clock().instant().toString());
    req.storage().putJson(ConfigPath.VERIFICATION_KEY, info);
    hook.after(Step.STORED);
    deleteOld(rotated, oldId, fresh.tokenId(), name);
    hook.after(Step.OLD_DELETED);
    WriteAheadLog.delete(req.storage(), walId);
    LOG.info("minter token rotated", "trigger", trigger, "old_token_id", oldId, "new_token_id", fresh.tokenId(),
        "expires_at", fresh.expiration().toString());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("old_token_id", oldId);
    out.put("new_token_id", fresh.tokenId());
    out.put("new_token_name", name);
    out.put("expires_at", fresh.expiration().toString());
    return out;
  }

  /** Deletes the old minter token with the new credential; "already gone" is fine. */
  private void deleteOld(ConfigEntry rotated, String oldId, String newId, String newName) {
    try {
      ctx.upstream().revoke(rotated, oldId, AuditContext.ofName("", "", "", AuditContext.Cause.ROTATION,
          "minter token rotated; replaced by " + newId + " (" + newName + ")"));
    } catch (UpstreamException e) {
      // The new token is stored and works; the journal entry stays so rollback deletes the old one.
      throw new CodedError(503, "rotate-root: the new minter token " + newId + " is in use, but the old token "
          + oldId + " could not be deleted yet (" + e.describe() + "); rollback retries it");
    }
  }

  private void undo(Request req, ConfigEntry config, MintedCredential fresh, String walId) {
    try {
      ctx.upstream().push(config);
      ctx.upstream().revoke(config, fresh.tokenId(), AuditContext.ofName("", "", "", AuditContext.Cause.ROTATION,
          "rotation undone: the new minter token did not verify"));
      WriteAheadLog.delete(req.storage(), walId);
    } catch (UpstreamException e) {
      LOG.warn("rotate-root undo incomplete; rollback finishes it", "reason", e.getMessage());
    }
  }

  /**
   * Finishes or undoes an interrupted rotation: if the stored credential is the new token (its
   * name is the journal's), the rotation committed and the old token is deleted; otherwise the new
   * token, if it was created, is deleted by name. The stored credential is pushed first, since the
   * sidecar may still hold the other one.
   */
  void rollback(Request req, Map<String, Object> data) throws UpstreamException {
    ConfigEntry config = ConfigPath.load(req.storage()).orElseThrow(() ->
        UpstreamException.invalid("no config: cannot finish the rotation yet"));
    String newName = String.valueOf(data.get("new_token_name"));
    String oldId = String.valueOf(data.get("old_token_id"));
    ctx.upstream().push(config);
    Map<String, Object> current = ctx.upstream().verify(config);
    if (newName.equals(current.get("name"))) {
      ctx.upstream().revoke(config, oldId, AuditContext.ofName("", "", "", AuditContext.Cause.ROTATION,
          "minter token rotated (finished by rollback)"));
      LOG.info("interrupted rotation finished: old minter token deleted", "old_token_id", oldId);
    } else {
      int deleted = ctx.upstream().revokeByName(config, newName, AuditContext.ofName("", "", newName,
          AuditContext.Cause.ROLLBACK, "rotation undone by rollback: the new minter token was never stored"));
      LOG.info("interrupted rotation undone", "new_token_name", newName, "deleted", deleted);
    }
  }

  private static Duration lifetime(Map<?, ?> old) {
    try {
      Instant created = Instant.parse(String.valueOf(old.get("creation_date")));
      Instant expires = Instant.parse(String.valueOf(old.get("expiration_date")));
      Duration d = Duration.between(created, expires);
      return d.compareTo(Duration.ofMinutes(10)) >= 0 ? d : DEFAULT_TTL_WITHOUT_EXPIRY;
    } catch (RuntimeException e) {
      return DEFAULT_TTL_WITHOUT_EXPIRY;
    }
  }

  @SuppressWarnings("unchecked")
  private static java.util.List<String> scopes(Map<String, Object> verified) {
    Object s = verified.get("scopes");
    return s instanceof java.util.List<?> l ? (java.util.List<String>) l : java.util.List.of();
  }

  /** One upstream call whose failure ends the rotation before anything changed. */
  private interface Call<T> {
    T run() throws UpstreamException;
  }

  private static <T> T call(Call<T> call, String what) {
    try {
      return call.run();
    } catch (UpstreamException e) {
      if (e.isRefusal()) {
        throw new UserError("rotate-root could not " + what + ": " + e.describe());
      }
      throw new CodedError(503, "rotate-root could not " + what + " (" + e.describe() + "); nothing changed, retry");
    }
  }

  private static final String SYNOPSIS = "Replace the minter token (auth_mode=api_token) with a new one.";

  private static final String DESCRIPTION = """
      Creates a new minter token with the current one's scopes (named vault-root-<mount id>-<nonce>),
      checks it with a live lookup, stores it in config, then deletes the old token authenticated
      with the new one (Dynatrace refuses to delete the token a call authenticates with). Answers
      old_token_id, new_token_id, new_token_name and expires_at; the secret is never shown.

      ttl sets the new token's lifetime (at least 10m); by default it is the old token's lifetime,
      or 365d if the old token never expired. With config's rotate_before set, the periodic request
      rotates automatically once the minter token expires within that window.

      A journal entry written before the new token exists makes every step crash-safe: if the
      rotation stops after the new token was stored, rollback deletes the old token; if it stops
      before, rollback deletes the new token by name. The mount keeps a working credential
      throughout. For auth_mode=oauth, write the new oauth_client_secret to config instead (the
      sidecar drops its cached bearer); for platform_token, write the new platform_token.
      """;
}
