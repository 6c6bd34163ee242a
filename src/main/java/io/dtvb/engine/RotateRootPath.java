package io.dtvb.engine;

import io.dtvb.sidecarapi.ConnectionSettings.AuthMode;
import io.dtvb.sidecarapi.CredentialInfo;
import io.dtvb.sidecarapi.LeaseContext;
import io.dtvb.sidecarapi.MintedCredential;
import io.dtvb.sidecarapi.MinterRequest;
import io.dtvb.sidecarapi.Redaction;
import io.dtvb.sidecarapi.RollbackRequest;
import io.dtvb.sidecarapi.TokenAction;
import io.dtvb.vaultsdk.framework.CodedError;
import io.dtvb.vaultsdk.framework.Durations;
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

  /** The longest lifetime a new minter token may get. */
  static final Duration MAX_TTL = Duration.ofDays(3650);

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
      throw UserError.invalidField("ttl", "must be at least 10m");
    }
    ttl.ifPresent(t -> Durations.atMost("ttl", t, MAX_TTL));
    try {
      Map<String, Object> out;
      synchronized (ctx.credentialLock()) {
        out = rotate(req, ttl, "manual");
      }
      ctx.metrics().rotation("ok");
      return Response.of(out);
    } catch (RuntimeException e) {
      ctx.metrics().rotation("failed");
      throw e;
    }
  }

  /**
   * The periodic hook: rotates when rotate_before is set and the minter token's last known expiry
   * lies within it. The new token lives at least twice the window, so this never loops. The need
   * is decided under the mount's rotation lock, so a manual rotation that just finished counts.
   */
  void periodic(Request req) {
    synchronized (ctx.credentialLock()) {
      Optional<Duration> ttl = periodicTtl(req);
      if (ttl.isEmpty()) {
        return;
      }
      try {
        rotate(req, ttl, "periodic");
        ctx.metrics().rotation("ok");
      } catch (RuntimeException e) {
        ctx.metrics().rotation("failed");
        LOG.warn("automatic minter rotation failed; retried at the next periodic request",
            "error", Redaction.scrub(e.getMessage()));
      }
    }
  }

  /** The lifetime of the token a periodic rotation would create now, or empty when none is due. */
  private Optional<Duration> periodicTtl(Request req) {
    Optional<ConfigEntry> config = ConfigPath.load(req.storage());
    if (config.isEmpty() || config.get().rotateBeforeSeconds() <= 0 || config.get().mode() != AuthMode.API_TOKEN) {
      return Optional.empty();
    }
    Map<?, ?> verification = req.storage().getJson(ConfigPath.VERIFICATION_KEY, Map.class).orElse(Map.of());
    Optional<Instant> expiry = instant(verification.get("expiration_date"));
    Duration window = Duration.ofSeconds(config.get().rotateBeforeSeconds());
    if (expiry.isEmpty() || ctx.clock().instant().plus(window).isBefore(expiry.get())) {
      return Optional.empty();
    }
    Duration old = lifetime(verification);
    return Optional.of(old.compareTo(window.multipliedBy(2)) >= 0 ? old : window.multipliedBy(2));
  }

  private static Optional<Instant> instant(Object v) {
    try {
      return v == null ? Optional.empty() : Optional.of(Instant.parse(String.valueOf(v)));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Rotates the minter token (caller holds the rotation lock); answers the old and new token ids and the new expiry. */
  private Map<String, Object> rotate(Request req, Optional<Duration> ttl, String trigger) {
    ConfigEntry config = ConfigPath.load(req.storage()).orElseThrow(ConfigPath::notConfigured);
    if (config.mode() != AuthMode.API_TOKEN) {
      throw new UserError("rotate-root works only for auth_mode=api_token (the only rotatable minter); for oauth"
          + " write the new oauth_client_secret to config (no downtime), for platform_token the new platform_token;"
          + " auth_mode=none has no classic minter (write a new account_client_secret for the account side)");
    }
    CredentialInfo old = call(config, () -> ctx.upstream().on(config).verify(), "check the current minter token");
    String oldId = old.tokenId();
    Instant now = ctx.clock().instant();
    Duration lifetime = ttl.orElseGet(() -> lifetime(old));
    String name = TokenNames.rootName(ctx.namePrefix(), TokenNames.nonce(ctx.random()));
    Map<String, Object> journal = new LinkedHashMap<>();
    journal.put("new_token_name", name);
    journal.put("old_token_id", oldId);
    String walId = WriteAheadLog.put(req.storage(), WAL_KIND, journal, now);
    LeaseContext context = new LeaseContext(req.context().mountPoint(), "", req.context().entityId(),
        req.context().displayName(), req.id(), name, null, Map.of("purpose", "root_rotation", "replaces", oldId));
    MintedCredential fresh = call(config, () -> ctx.upstream().on(config).mintMinter(
        new MinterRequest(name, now.plus(lifetime), context)), "create the new minter token");
    hook.after(Step.CREATED);
    ConfigEntry rotated = config.withApiToken(fresh.token());
    CredentialInfo verified;
    try {
      SidecarConnection next = ctx.upstream().on(rotated);
      next.put();
      hook.after(Step.PUSHED);
      verified = next.verify();
    } catch (UpstreamException e) {
      undo(req, config, fresh, walId);
      throw UpstreamErrors.toVault(UpstreamErrors.Answer.CLEANUP, "rotate-root undone: the new minter token did"
          + " not verify; the old one stays in use", e, null, rotated.secrets());
    }
    req.storage().putJson(ConfigPath.STORAGE_KEY, rotated);
    req.storage().putJson(ConfigPath.VERIFICATION_KEY, ConfigVerification.of(verified, ctx.clock().instant()));
    hook.after(Step.STORED);
    deleteOld(rotated, oldId, fresh.tokenId(), name);
    hook.after(Step.OLD_DELETED);
    WriteAheadLog.delete(req.storage(), walId);
    LOG.info("minter token rotated", "trigger", trigger, "old_token_id", oldId, "new_token_id", fresh.tokenId(),
        "expires_at", String.valueOf(fresh.expiration()));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("old_token_id", oldId);
    out.put("new_token_id", fresh.tokenId());
    out.put("new_token_name", name);
    out.put("expires_at", String.valueOf(fresh.expiration()));
    return out;
  }

  /** Deletes the old minter token with the new credential; "already gone" is fine. */
  private void deleteOld(ConfigEntry rotated, String oldId, String newId, String newName) {
    try {
      ctx.upstream().on(rotated).retire(oldId, new TokenAction(LeaseContext.ofName("", "", null),
          "minter token rotated; replaced by " + newId + " (" + newName + ")"));
    } catch (UpstreamException e) {
      // The new token is stored and works; the journal entry stays so rollback deletes the old one.
      throw new CodedError(503, "rotate-root: the new minter token " + newId + " is in use, but the old token "
          + oldId + " could not be deleted yet (" + UpstreamErrors.describe(e, rotated.secrets())
          + "); rollback retries it");
    }
  }

  private void undo(Request req, ConfigEntry config, MintedCredential fresh, String walId) {
    try {
      SidecarConnection back = ctx.upstream().on(config);
      back.put();
      back.retire(fresh.tokenId(), new TokenAction(LeaseContext.ofName("", "", fresh.tokenId()),
          "rotation undone: the new minter token did not verify"));
      WriteAheadLog.delete(req.storage(), walId);
    } catch (UpstreamException e) {
      LOG.warn("rotate-root undo incomplete; rollback finishes it", "reason", UpstreamErrors.describe(e));
    }
  }

  /**
   * Finishes or undoes an interrupted rotation: if the stored credential is the new token (its
   * name is the journal's), the rotation committed and the old token is deleted; otherwise the new
   * token, if it was created, is deleted by name. The stored credential is pushed first, since the
   * sidecar may still hold the other one. Runs under the rotation lock.
   */
  void rollback(Request req, Map<String, Object> data) throws UpstreamException {
    synchronized (ctx.credentialLock()) {
      ConfigEntry config = ConfigPath.load(req.storage()).orElseThrow(() ->
          UpstreamException.invalid("no config: cannot finish the rotation yet"));
      String newName = String.valueOf(data.get("new_token_name"));
      String oldId = String.valueOf(data.get("old_token_id"));
      SidecarConnection connection = ctx.upstream().on(config);
      connection.put();
      CredentialInfo current = connection.verify();
      if (newName.equals(current.name())) {
        connection.retire(oldId, new TokenAction(LeaseContext.ofName("", "", null),
            "minter token rotated (finished by rollback)"));
        LOG.info("interrupted rotation finished: old minter token deleted", "old_token_id", oldId);
      } else {
        int deleted = connection.revokeByName(new RollbackRequest(newName, LeaseContext.ofName("", "", newName),
            "rotation undone by rollback: the new minter token was never stored"));
        LOG.info("interrupted rotation undone", "new_token_name", newName, "deleted", deleted);
      }
    }
  }

  private static Duration lifetime(CredentialInfo old) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("creation_date", old.creationDate());
    m.put("expiration_date", old.expirationDate());
    return lifetime(m);
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

  /** One upstream call whose failure ends the rotation before anything changed. */
  private interface Call<T> {
    T run() throws UpstreamException;
  }

  private static <T> T call(ConfigEntry config, Call<T> call, String what) {
    try {
      return call.run();
    } catch (UpstreamException e) {
      throw UpstreamErrors.toVault(UpstreamErrors.Answer.REQUEST, "rotate-root could not " + what, e,
          "nothing changed, retry", config.secrets());
    }
  }

  private static final String SYNOPSIS = "Replace the minter token (auth_mode=api_token) with a new one.";

  private static final String DESCRIPTION = """
      Asks the sidecar for a new minter token (named vault-root-<mount id>-<nonce>); the sidecar
      gives it exactly the current minter's scopes, within its policy (the plugin cannot choose),
      checks it with a live lookup, stores it in config, then deletes the old token authenticated
      with the new one (Dynatrace refuses to delete the token a call authenticates with). Answers
      old_token_id, new_token_id, new_token_name and expires_at; the secret is never shown.

      ttl sets the new token's lifetime (at least 10m, at most 3650d); by default it is the old token's lifetime,
      or 365d if the old token never expired. With config's rotate_before set, the periodic request
      rotates automatically once the minter token expires within that window.

      A journal entry written before the new token exists makes every step crash-safe: if the
      rotation stops after the new token was stored, rollback deletes the old token; if it stops
      before, rollback deletes the new token by name. The mount keeps a working credential
      throughout. For auth_mode=oauth, write the new oauth_client_secret to config instead (the
      sidecar drops its cached bearer); for platform_token, write the new platform_token;
      auth_mode=none has no classic minter (rotate-root answers 400): replace the account client's
      secret by writing account_client_secret to config.

      Manual rotations, the periodic rotation, the rollback of an interrupted rotation and config
      writes take turns on one lock per mount, so two rotations never interleave and a config
      write never overwrites a credential a rotation just stored: the mount always ends with
      exactly one live minter token.
      """;
}
