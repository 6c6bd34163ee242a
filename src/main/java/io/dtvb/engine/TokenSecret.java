package io.dtvb.engine;

import io.dtvb.vaultsdk.framework.CodedError;
import io.dtvb.vaultsdk.framework.LeaseOptions;
import io.dtvb.vaultsdk.framework.Log;
import io.dtvb.vaultsdk.framework.Request;
import io.dtvb.vaultsdk.framework.Response;
import io.dtvb.vaultsdk.framework.SecretResponse;
import io.dtvb.vaultsdk.framework.SecretType;
import io.dtvb.vaultsdk.framework.Storage;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import io.dtvb.sidecarapi.DeleteResult;
import io.dtvb.sidecarapi.TokenAction;
import io.dtvb.sidecarapi.TokenType;
import io.dtvb.vaultsdk.framework.UserError;
import java.time.format.DateTimeFormatter;

/**
 * The {@code dynatrace_token} secret type. Renew extends the lease up to the token's fixed hard end
 * and echoes the internal data; a platform token's expiry is moved with it first, and a renewal
 * whose move fails is refused. Revoke deletes the token in Dynatrace, counts "already gone" as
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
    LeaseData data = LeaseData.from(internal);
    LeaseOptions lease = req.secret().lease();
    Instant now = ctx.clock().instant();
    if (data.hardEnd() == null) {
      throw new CodedError(500, "lease has no valid hard_end in its internal data");
    }
    RenewTerms terms = RenewTerms.of(data.hardEnd(), now,
        lease == null ? null : lease.issueTime(), requested(req, lease, data));
    TokenType type = data.context().type();
    if (type == TokenType.PLATFORM) {
      moveExpiry(req, data, terms, LeaseTerms.platformExpiry(now.plus(terms.ttl()), data.hardEnd()));
    } else {
      recordRenewal(req, data, terms);
    }
    LOG.debug("lease renewed", "token_id", data.tokenId(), "ttl_seconds", terms.ttl().getSeconds(),
        "renewable", terms.renewable(), "token_type", type.wire());
    ctx.metrics().renewal(terms.renewable(), type);
    return Response.withSecret(req.data(),
        new SecretResponse(internal, terms.ttl(), terms.maxTtl(), terms.renewable()));
  }

  /**
   * Tells the lease log about the renewal. Best effort: a renewal only moves Vault's lease within
   * the token's fixed life, so it is never refused because the sidecar is unreachable; the plugin
   * log keeps the line the lease log missed.
   */
  private void recordRenewal(Request req, LeaseData lease, RenewTerms terms) {
    Optional<ConfigEntry> config = ConfigPath.load(req.storage());
    if (lease.tokenId() == null || lease.tokenId().isEmpty() || config.isEmpty()) {
      return;
    }
    try {
      ctx.upstream().on(config.get()).renewed(lease.tokenId(), new TokenAction(lease.context(),
          "lease renewed for " + terms.ttl().getSeconds() + "s" + (terms.renewable() ? "" : ", no further renewal possible")));
    } catch (UpstreamException e) {
      LOG.warn("renewal not recorded in the lease log; the lease is renewed", "token_id", lease.tokenId(),
          "reason", UpstreamErrors.describe(e));
    }
  }

  /**
   * Moves a platform token's Dynatrace expiry to the renewed lease's end plus the skew (the
   * sidecar moves it, then records the renewal). Not best effort: if the move fails the renewal
   * is refused, so the lease never outlives what the token honours; the token keeps its expiry.
   */
  private void moveExpiry(Request req, LeaseData lease, RenewTerms terms, Instant expiry) {
    String tokenId = lease.tokenId();
    String notExtended = "lease of platform token " + tokenId + " not extended (the token keeps its current"
        + " expiry)";
    if (tokenId == null || tokenId.isEmpty()) {
      throw new CodedError(500, "lease has no token_id in its internal data; its expiry cannot be moved");
    }
    ConfigEntry config = ConfigPath.load(req.storage()).orElseThrow(() -> {
      ctx.metrics().renewalRefused("unavailable", TokenType.PLATFORM);
      return new CodedError(503, notExtended + ": the engine has no config; write config again and retry");
    });
    if (!config.hasAccount()) {
      ctx.metrics().renewalRefused("refused", TokenType.PLATFORM);
      throw new UserError(notExtended + ": config has no account side (account_uuid) to move the expiry with;"
          + " configure it again and retry");
    }
    try {
      ctx.upstream().on(config).renewed(tokenId, new TokenAction(lease.context(), "lease renewed for "
          + terms.ttl().getSeconds() + "s" + (terms.renewable() ? "" : ", no further renewal possible"), expiry));
    } catch (UpstreamException e) {
      ctx.metrics().renewalRefused(e.isRefusal() ? "refused" : "unavailable", TokenType.PLATFORM);
      LOG.warn("renewal refused: the platform token's expiry could not be moved", "token_id", tokenId,
          "kind", e.kind().name(), "upstream_status", e.upstreamStatus(), "reason",
          UpstreamErrors.describe(e, config.secrets()));
      throw UpstreamErrors.toVault(UpstreamErrors.Answer.REQUEST, notExtended, e, "retry the renewal",
          config.secrets());
    }
    String expiresAt = DateTimeFormatter.ISO_INSTANT.format(expiry);
    TokenInventory.get(req.storage(), tokenId)
        .ifPresent(e -> TokenInventory.put(req.storage(), e.withExpiresAt(expiresAt)));
  }

  /** The client's increment, else the role's TTL if the role still has one, else the mount default. */
  private Duration requested(Request req, LeaseOptions lease, LeaseData data) {
    if (lease != null && lease.increment() != null && lease.increment().compareTo(Duration.ZERO) > 0) {
      return lease.increment();
    }
    String role = data.role() == null ? "" : data.role();
    return (role.isEmpty() ? Optional.<RoleEntry>empty() : RolesPath.load(req.storage(), role))
        .map(RoleEntry::ttl)
        .filter(ttl -> ttl.compareTo(Duration.ZERO) > 0)
        .orElseGet(() -> ctx.system().defaultLeaseTtl());
  }

  private Response revoke(Request req) {
    LeaseData lease = LeaseData.from(req.secret().internalData());
    String tokenId = lease.tokenId();
    if (tokenId == null || tokenId.isEmpty()) {
      throw new CodedError(500, "lease has no token_id in its internal data; nothing can be revoked upstream");
    }
    ConfigEntry config = ConfigPath.load(req.storage()).orElseThrow(() -> new CodedError(503,
        "cannot revoke Dynatrace token " + tokenId + ": the engine has no config; write config again"));
    refuseOtherEnvironment(lease, config);
    try {
      if (lease.knowsEnvironment() && !Environments.same(lease.environmentUrl(), config.environmentUrl())) {
        throw UpstreamException.invalid("the lease was minted in " + lease.environmentUrl()
            + ", not in the configured environment");
      }
      DeleteResult result = ctx.upstream().on(config).revoke(tokenId, new TokenAction(lease.context(), "lease revoked"));
      ctx.metrics().revoke(result.alreadyGone() ? "already_gone" : "deleted", lease.context().type());
      if (result.alreadyGone()) {
        LOG.info("token already gone upstream; lease revoked", "token_id", tokenId, "role", lease.role());
      } else {
        LOG.info("token revoked", "token_id", tokenId, "role", lease.role());
      }
      // The token is gone; its inventory entry goes once the answer is on its way (a crash before
      // that leaves an entry whose token Dynatrace no longer lists: tidy drops it).
      Storage storage = req.storage();
      return Response.none().afterReply(() -> TokenInventory.remove(storage, tokenId));
    } catch (UpstreamException e) {
      if (ctx.system().tainted()) {
        // The mount is being disabled: a failed delete must not block the unmount forever. The
        // token's own Dynatrace expiry bounds it; this line is the record of what was left.
        LOG.error("mount is being disabled and the token could not be deleted; it stays until its"
            + " Dynatrace expiry", "token_id", tokenId, "token_name", lease.tokenName(),
            "hard_end", String.valueOf(lease.hardEnd()), "kind", e.kind().name(), "reason", UpstreamErrors.describe(e));
        TokenInventory.remove(req.storage(), tokenId);
        ctx.metrics().revoke("left_at_unmount", lease.context().type());
        return null;
      }
      ctx.metrics().revoke("failed", lease.context().type());
      LOG.warn("token revoke failed; Vault will retry", "token_id", tokenId, "kind", e.kind().name(),
          "upstream_status", e.upstreamStatus(), "reason", UpstreamErrors.describe(e));
      throw UpstreamErrors.toVault(UpstreamErrors.Answer.CLEANUP, "could not revoke Dynatrace token " + tokenId, e,
          "Vault retries the revocation", config.secrets());
    }
  }

  /**
   * A lease minted in an environment the mount no longer points at cannot be revoked here: the
   * configured environment would answer "not found", and counting that as already gone would drop
   * a token that still works. The revoke fails with a retryable error naming the old environment,
   * so the lease stays visible and keeps retrying until an operator restores that environment or
   * removes the lease knowingly ({@code vault lease revoke -force -prefix <lease id>}). Leases
   * minted before the environment was recorded keep the old behaviour.
   */
  private void refuseOtherEnvironment(LeaseData lease, ConfigEntry config) {
    if (!lease.knowsEnvironment() || Environments.same(lease.environmentUrl(), config.environmentUrl())) {
      return;
    }
    if (ctx.system().tainted()) {
      return; // the unmount's own rule below: the failed delete is logged, never blocks the unmount
    }
    ctx.metrics().revoke("other_environment", lease.context().type());
    LOG.warn("token revoke refused: the lease was minted in another environment than the configured one;"
        + " Vault will retry", "token_id", lease.tokenId(), "lease_environment", lease.environmentUrl(),
        "configured_environment", config.environmentUrl());
    throw new CodedError(502, "cannot revoke Dynatrace token " + lease.tokenId() + ": it was minted in "
        + lease.environmentUrl() + ", but this mount is now configured for " + config.environmentUrl()
        + "; it is not counted as already gone. Vault keeps retrying; restore environment_url in config to"
        + " delete it, or remove the lease knowingly with `vault lease revoke -force -prefix <lease id>`"
        + " (the token then lives until its fixed Dynatrace expiry)");
  }

  private static final String DESCRIPTION = """
      A Dynatrace token: a classic access token with a fixed expiry (the hard end plus a minute),
      or a platform token whose expiry follows the lease. Renewal extends the lease up to the hard
      end; for a platform token it first moves the token's expiry to the new lease end plus a
      minute (never past the hard end plus a minute), and is refused (400 if Dynatrace refuses,
      503 if it or the sidecar is unavailable) when that move fails, so the lease never outlives
      the token. Revocation deletes the token in Dynatrace (a platform token's deletion may take up
      to about five minutes to take effect everywhere). A lease minted in an environment the
      mount is no longer configured for is not counted as already gone: its revocation fails
      (retried by Vault) naming that environment, until environment_url is restored or the lease is
      removed with vault lease revoke -force -prefix <lease id>.""";
}
