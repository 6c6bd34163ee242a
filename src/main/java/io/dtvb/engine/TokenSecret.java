package io.dtvb.engine;

import io.dtvb.vaultsdk.framework.CodedError;
import io.dtvb.vaultsdk.framework.LeaseOptions;
import io.dtvb.vaultsdk.framework.Log;
import io.dtvb.vaultsdk.framework.Request;
import io.dtvb.vaultsdk.framework.Response;
import io.dtvb.vaultsdk.framework.SecretResponse;
import io.dtvb.vaultsdk.framework.SecretType;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code dynatrace_token} secret type. Renew extends the lease up to the token's fixed hard end
 * and echoes the internal data; revoke deletes the token in Dynatrace, counts "already gone" as
 * success, and answers every failure with an ordinary error so Vault's expiration manager retries.
 */
final class TokenSecret {
  static final String TYPE = "dynatrace_token";
  private static final Log LOG = Log.named("dynatrace-engine");

  private final EngineContext ctx;
  private final SecretType secretType;

  TokenSecret(EngineContext ctx) {
    this.ctx = ctx;
    this.secretType = new SecretType(TYPE, DESCRIPTION, this::renew, this::revoke);
  }

  SecretType secretType() {
    return secretType;
  }

  private Response renew(Request req) {
    Map<String, Object> internal = new LinkedHashMap<>(req.secret().internalData());
    LeaseOptions lease = req.secret().lease();
    Instant now = ctx.clock().instant();
    RenewTerms terms = RenewTerms.of(hardEnd(internal), now,
        lease == null ? null : lease.issueTime(), requested(req, lease, internal));
    LOG.debug("lease renewed", "token_id", internal.get("token_id"), "ttl_seconds", terms.ttl().getSeconds(),
        "renewable", terms.renewable());
    recordRenewal(req, internal, terms);
    ctx.metrics().renewal(terms.renewable());
    return Response.withSecret(req.data(),
        new SecretResponse(internal, terms.ttl(), terms.maxTtl(), terms.renewable()));
  }

  /**
   * Tells the lease log about the renewal. Best effort: a renewal only moves Vault's lease within
   * the token's fixed life, so it is never refused because the sidecar is unreachable; the plugin
   * log keeps the line the lease log missed.
   */
  private void recordRenewal(Request req, Map<String, Object> internal, RenewTerms terms) {
    String tokenId = text(internal, "token_id");
    Optional<ConfigEntry> config = ConfigPath.load(req.storage());
    if (tokenId.isEmpty() || config.isEmpty()) {
      return;
    }
    try {
      ctx.upstream().renewed(config.get(), tokenId, AuditContext.ofLease(internal, AuditContext.Cause.RENEWAL,
          "lease renewed for " + terms.ttl().getSeconds() + "s" + (terms.renewable() ? "" : ", no further renewal possible")));
    } catch (UpstreamException e) {
      LOG.warn("renewal not recorded in the lease log; the lease is renewed", "token_id", tokenId,
          "reason", e.getMessage());
    }
  }

  /** The client's increment, else the role's TTL if the role still has one, else the mount default. */
  private Duration requested(Request req, LeaseOptions lease, Map<String, Object> internal) {
    if (lease != null && lease.increment() != null && lease.increment().compareTo(Duration.ZERO) > 0) {
      return lease.increment();
    }
    String role = text(internal, "role");
    return (role.isEmpty() ? Optional.<RoleEntry>empty() : RolesPath.load(req.storage(), role))
        .map(RoleEntry::ttl)
        .filter(ttl -> ttl.compareTo(Duration.ZERO) > 0)
        .orElseGet(() -> ctx.system().defaultLeaseTtl());
  }

  private Response revoke(Request req) {
    Map<String, Object> internal = req.secret().internalData();
    String tokenId = text(internal, "token_id");
    if (tokenId.isEmpty()) {
      throw new CodedError(500, "lease has no token_id in its internal data; nothing can be revoked upstream");
    }
    ConfigEntry config = ConfigPath.load(req.storage()).orElseThrow(() -> new CodedError(503,
        "cannot revoke Dynatrace token " + tokenId + ": the engine has no config; write config again"));
    try {
      RevokeResult result = ctx.upstream().revoke(config, tokenId,
          AuditContext.ofLease(internal, AuditContext.Cause.LEASE, "lease revoked"));
      TokenInventory.remove(req.storage(), tokenId);
      ctx.metrics().revoke(result == RevokeResult.ALREADY_GONE ? "already_gone" : "deleted");
      if (result == RevokeResult.ALREADY_GONE) {
        LOG.info("token already gone upstream; lease revoked", "token_id", tokenId, "role", internal.get("role"));
      } else {
        LOG.info("token revoked", "token_id", tokenId, "role", internal.get("role"));
      }
      return null;
    } catch (UpstreamException e) {
      if (ctx.system().tainted()) {
        // The mount is being disabled: a failed delete must not block the unmount forever. The
        // token's own Dynatrace expiry bounds it; this line is the record of what was left.
        LOG.error("mount is being disabled and the token could not be deleted; it stays until its"
            + " Dynatrace expiry", "token_id", tokenId, "token_name", internal.get("token_name"),
            "hard_end", internal.get("hard_end"), "kind", e.kind().name(), "reason", e.getMessage());
        TokenInventory.remove(req.storage(), tokenId);
        ctx.metrics().revoke("left_at_unmount");
        return null;
      }
      ctx.metrics().revoke("failed");
      LOG.warn("token revoke failed; Vault will retry", "token_id", tokenId, "kind", e.kind().name(),
          "upstream_status", e.upstreamStatus(), "reason", e.getMessage());
      throw new CodedError(e.isRefusal() ? 502 : 503,
          "could not revoke Dynatrace token " + tokenId + ": " + e.describe());
    }
  }

  private static Instant hardEnd(Map<String, Object> internal) {
    Object raw = internal.get("hard_end");
    try {
      long seconds = raw instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(raw).trim());
      return Instant.ofEpochSecond(seconds);
    } catch (NumberFormatException e) {
      throw new CodedError(500, "lease has no valid hard_end in its internal data");
    }
  }

  private static String text(Map<String, Object> internal, String key) {
    Object v = internal.get(key);
    return v == null ? "" : String.valueOf(v);
  }

  private static final String DESCRIPTION = """
      A Dynatrace access token with a fixed expiry. Renewal extends the lease up to the token's
      hard end; revocation deletes the token in Dynatrace.""";
}
