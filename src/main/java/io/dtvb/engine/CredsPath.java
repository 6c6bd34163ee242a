package io.dtvb.engine;

import io.dtvb.sidecarapi.LeaseContext;
import io.dtvb.sidecarapi.MintRequest;
import io.dtvb.sidecarapi.RollbackRequest;
import io.dtvb.sidecarapi.MintedCredential;
import io.dtvb.sidecarapi.TokenType;
import io.dtvb.vaultsdk.framework.DeadlineExceeded;
import io.dtvb.vaultsdk.framework.Field;
import io.dtvb.vaultsdk.framework.FieldData;
import io.dtvb.vaultsdk.framework.FieldType;
import io.dtvb.vaultsdk.framework.Log;
import io.dtvb.vaultsdk.framework.Operation;
import io.dtvb.vaultsdk.framework.Path;
import io.dtvb.vaultsdk.framework.Request;
import io.dtvb.vaultsdk.framework.Response;
import io.dtvb.vaultsdk.framework.SecretType;
import io.dtvb.vaultsdk.framework.Stages;
import io.dtvb.vaultsdk.framework.Storage;
import io.dtvb.vaultsdk.framework.UserError;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@code creds/<name>} endpoint: mints a fresh Dynatrace token of the role's kind under a new
 * lease whose hard end is fixed at issue; a classic token is set to expire a little after the
 * hard end, a platform token a little after the lease's current end (renewals move it). No mint
 * outlives its request: a request past its deadline makes no upstream call, and a token whose
 * answer arrives after the deadline is deleted again.
 */
final class CredsPath {
  private static final Log LOG = Log.named("dynatrace-engine");
  /**
   * Bounds the wait for a mint's chain: the journal write, the sidecar call (with a re-push of the
   * settings), the inventory write, each bounded on its own inside it.
   */
  private static final Duration CHAIN_WAIT = Duration.ofSeconds(250);

  private final EngineContext ctx;
  private final SecretType tokenType;
  private final RoleQuota quota;

  CredsPath(EngineContext ctx, SecretType tokenType, RoleQuota quota) {
    this.ctx = ctx;
    this.tokenType = tokenType;
    this.quota = quota;
  }

  Path path() {
    return Path.builder("creds/" + Path.segment("name"))
        .fields(Field.of("name", FieldType.STRING, "Name of the role.").pathParameter(),
            Field.of("scopes", FieldType.COMMA_LIST,
                "Narrow the token to these scopes (each allowed by the role's allowed_request_scopes)."))
        .operation(Operation.READ, this::issue, "Mint a Dynatrace token for the role under a new lease.")
        .operation(Operation.UPDATE, this::issue, "Mint a token, optionally with narrowed scopes.")
        .help(SYNOPSIS, DESCRIPTION)
        .build();
  }

  private Response issue(Request req, FieldData data) throws Exception {
    String roleName = data.getString("name");
    RoleEntry role = RolesPath.load(req.storage(), roleName)
        .orElseThrow(() -> new UserError("unknown role \"" + roleName + "\""));
    List<String> scopes = requestedScopes(roleName, role, data);
    ConfigEntry config = ConfigPath.load(req.storage()).orElseThrow(ConfigPath::notConfigured);
    RoleTypeRules.requireMinter(config, roleName, role);
    RoleQuota.Reservation reservation = quota.reserve(req.storage(), roleName, role.maxActiveTokens());
    if (!reservation.granted()) {
      LOG.info("token mint refused: role quota reached", "role", roleName, "live", reservation.live(),
          "max_active_tokens", role.maxActiveTokens());
      ctx.metrics().mint("quota_reached", role.tokenType(), null);
      throw new UserError("role \"" + roleName + "\" has reached its quota: max_active_tokens="
          + role.maxActiveTokens() + " and " + reservation.live() + " tokens are live; revoke a lease (list them"
          + " with tokens/?role=" + roleName + ") or raise max_active_tokens");
    }
    try (RoleQuota.Slot slot = reservation.slot()) {
      return mint(req, config, roleName, role, scopes);
    }
  }

  private Response mint(Request req, ConfigEntry config, String roleName, RoleEntry role, List<String> scopes)
      throws Exception {
    Instant now = ctx.clock().instant();
    refuseIfPastDeadline(req, now, role.tokenType());
    LeaseTerms terms = LeaseTerms.of(role, ctx.system(), now);
    String nonce = TokenNames.nonce(ctx.random());
    String rendered = NameTemplate.of(role.nameTemplate()).render(new NameTemplate.Inputs(
        req.context().displayName(), req.context().entityId(), roleName, req.context().mountPoint(), now,
        ctx.random()));
    String name = TokenNames.name(ctx.namePrefix(), rendered, nonce);
    String fingerprint = role.platform() ? config.settings().accountCredentialFingerprint()
        : config.settings().credentialFingerprint();
    LeaseData planned = new LeaseData(null, nonce, config.environmentUrl(), fingerprint,
        new LeaseContext(req.context().mountPoint(), roleName, req.context().entityId(), req.context().displayName(),
            req.id(), name, terms.hardEnd(), role.metadata(), role.tokenType()));
    MintRequest order = new MintRequest(name, scopes, terms.tokenExpiry(role.tokenType()),
        role.personalAccessToken(), planned.context(), role.serviceUser());
    return mintStep(req, config, order, planned, terms);
  }

  /** A request whose deadline passed (while it waited for a worker or a slot) is not started. */
  private void refuseIfPastDeadline(Request req, Instant now, TokenType type) {
    if (req.pastDeadline(now)) {
      ctx.metrics().mint("deadline_exceeded", type, null);
      throw new DeadlineExceeded("no token was minted: the request's deadline passed before the mint started;"
          + " retry");
    }
  }

  /**
   * The role's scopes, or the subset a request asked for: each requested scope must be allowed by
   * the role's allowed_request_scopes, so a request can narrow a role but never widen it.
   */
  private static List<String> requestedScopes(String roleName, RoleEntry role, FieldData data) {
    List<String> asked = data.has("scopes") ? RolesPath.normalizeScopes(data.getList("scopes")) : List.of();
    if (asked.isEmpty()) {
      return role.scopes();
    }
    if (role.allowedRequestScopes().isEmpty()) {
      throw UserError.invalidField("scopes", "role \"" + roleName
          + "\" does not let requests choose scopes (set allowed_request_scopes on the role)");
    }
    List<String> refused = asked.stream().filter(s -> !role.mayRequest(s)).toList();
    if (!refused.isEmpty()) {
      throw UserError.invalidField("scopes", refused + " not allowed for role \"" + roleName
          + "\"; a request may only narrow the role's scopes " + role.scopes()
          + " to those in allowed_request_scopes " + role.allowedRequestScopes());
    }
    return asked;
  }

  /**
   * The mint inside its journal bracket: the entry naming the token is written before the sidecar
   * call and settled once the lease response is on its way (its inventory entry written first). An
   * outcome that may have created a token (timeout, outage) keeps the entry, so a rollback can look
   * for the token by name; so does a late answer whose token could not be deleted at once.
   *
   * <p>The happy path is one chain of stages: the journal write's answer starts the sidecar call,
   * the sidecar's answer builds the lease and writes the inventory entry, and this (request) thread
   * waits once, for the end. Each step still starts only when the one before it is durable; the
   * chain only saves the thread hand-offs between them (two per step when this thread waited for
   * each). A failed mint and a late answer come back here as values and are handled on this thread.
   */
  private Response mintStep(Request req, ConfigEntry config, MintRequest order, LeaseData planned, LeaseTerms terms)
      throws Exception {
    SidecarConnection upstream;
    try {
      upstream = ctx.upstream().on(config);
    } catch (UpstreamException e) {
      throw mintFailed(order, planned, e, Duration.ZERO); // before the journal: nothing was written
    }
    Storage storage = req.storage();
    CompletionStage<Object> chain = ctx.journal().begin(storage, order, planned).thenCompose(entryId -> {
      long started = System.nanoTime();
      return upstream.mintAsync(order).handle((minted, failure) -> new Minted(entryId, started, minted,
          failure == null ? null : Stages.cause(failure)));
    }).thenCompose(m -> {
      if (m.failure() != null || req.pastDeadline(ctx.clock().instant())) {
        return CompletableFuture.completedFuture(m);
      }
      ctx.metrics().mint("ok", order.tokenType(), m.elapsed());
      // The inventory entry, written before the answer, is the mint's commit record: the journal
      // entry is removed after the reply, off the request's path, and a rollback that finds the
      // token in the inventory only removes the entry (a crash before this step loses nothing).
      return lease(req, order, planned, terms, m.credential())
          .thenApply(resp -> resp.afterReply(() -> ctx.journal().settle(storage, m.entryId())));
    });
    Object outcome = Stages.await(chain, CHAIN_WAIT, "the mint's storage or sidecar call");
    if (outcome instanceof Response response) {
      return response;
    }
    Minted m = (Minted) outcome;
    if (m.failure() == null) {
      ctx.metrics().mint("deadline_exceeded", order.tokenType(), m.elapsed());
      throw undoLateMint(req, config, order, planned, m.credential(), m.entryId());
    }
    if (!(m.failure() instanceof UpstreamException e)) {
      throw m.failure() instanceof Exception other ? other : new IllegalStateException(m.failure());
    }
    if (e.kind() != UpstreamException.Kind.RETRYABLE) {
      ctx.journal().settle(storage, m.entryId());
    }
    throw mintFailed(order, planned, e, m.elapsed());
  }

  private RuntimeException mintFailed(MintRequest order, LeaseData planned, UpstreamException e, Duration elapsed) {
    ctx.metrics().mint(e.kind().name().toLowerCase(Locale.ROOT), order.tokenType(), elapsed);
    LOG.warn("token mint failed", "role", planned.role(), "token_name", order.name(), "kind", e.kind().name(),
        "upstream_status", e.upstreamStatus(), "reason", UpstreamErrors.describe(e));
    return UpstreamErrors.toVault(UpstreamErrors.Answer.REQUEST,
        "could not mint a Dynatrace token for role \"" + planned.role() + "\"", e,
        "no lease was issued, retry later");
  }

  /** What the sidecar call came to: its token, or the failure it ended with. */
  private record Minted(String entryId, long startedNanos, MintedCredential credential, Throwable failure) {
    Duration elapsed() {
      return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
  }

  /**
   * The token's answer came after Vault stopped waiting: nobody will hold its lease, so it is
   * rolled back now, by its unique name as Vault's rollback would (the lease log records
   * rolled_back, not a revocation of a lease that never existed). The journal entry stays until
   * that delete succeeded (rollback retries it by name).
   */
  private RuntimeException undoLateMint(Request req, ConfigEntry config, MintRequest order, LeaseData planned,
      MintedCredential minted, String entryId) throws Exception {
    try {
      int deleted = ctx.upstream().on(config).revokeByName(new RollbackRequest(order.name(), order.lease(),
          "mint answered after the request's deadline; no lease was issued"));
      if (deleted == 0) {
        throw UpstreamException.retryable("the late token " + minted.tokenId() + " was not listed yet", null);
      }
      ctx.journal().settle(req.storage(), entryId);
      LOG.warn("mint answered after the request's deadline; token deleted, no lease issued",
          "token_id", minted.tokenId(), "token_name", order.name(), "role", planned.role());
    } catch (UpstreamException e) {
      LOG.warn("mint answered after the request's deadline and its token could not be deleted yet;"
          + " rollback deletes it by name", "token_id", minted.tokenId(), "token_name", order.name(),
          "reason", UpstreamErrors.describe(e));
    }
    return new DeadlineExceeded("no lease was issued: Dynatrace answered after the request's deadline, and the"
        + " token it made is deleted again; retry");
  }

  /** The lease response, once the inventory entry is written (the stage fails if it cannot be). */
  private CompletionStage<Response> lease(Request req, MintRequest order, LeaseData planned, LeaseTerms plannedTerms,
      MintedCredential minted) {
    LeaseTerms terms = plannedTerms.within(minted.expiration(), order.tokenType());
    Instant expiry = minted.expiration() != null ? minted.expiration() : order.expirationDate();
    LeaseData lease = planned.minted(minted.tokenId(), terms.hardEnd());
    String expiresAt = DateTimeFormatter.ISO_INSTANT.format(expiry);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("token", minted.token());
    data.put("token_id", minted.tokenId());
    data.put("token_name", order.name());
    data.put("scopes", order.scopes());
    data.put("expires_at", expiresAt);
    data.put("role", lease.role());
    data.put("metadata", lease.metadata());
    data.put("token_type", order.tokenType().wire());
    LOG.info("token minted", "token_id", minted.tokenId(), "token_name", order.name(), "role", lease.role(),
        "token_type", order.tokenType().wire(), "expires_at", expiresAt, "request_id", req.id());
    // Renewable only if a renew could extend the lease (the rule RenewTerms applies): a lease whose
    // TTL already reaches the hard end (ttl = max_ttl) is not, so Vault Agent re-reads it near its
    // end instead of renewing at once, finding it not renewable and minting again in a tight loop.
    boolean renewable = terms.ttl().compareTo(Duration.between(ctx.clock().instant(), terms.hardEnd())) < 0;
    Response response = tokenType.response(data, lease.toMap(), terms.ttl(), terms.maxTtl(), renewable);
    if (terms != plannedTerms) {
      response.warn("Dynatrace set the token to expire at " + expiresAt
          + ", before the lease's planned end; the lease ends then instead");
    }
    // Last: the inventory entry is the commit record (a rollback keeps a token it holds), so nothing
    // that could still fail comes after it.
    return TokenInventory.putAsync(req.storage(), TokenInventory.Entry.of(lease, plannedTerms.issuedAt(), expiresAt))
        .thenApply(stored -> response);
  }

  private static final String SYNOPSIS = "Mint a Dynatrace token for a role.";

  private static final String DESCRIPTION = """
      Each read mints a new Dynatrace token of the role's token_type under a new Vault lease: a
      classic access token (dt0c01) through config's classic minter, or a platform token (dt0s16)
      through the Account Management API with config's account side, owned by the role's
      service_user (else the account OAuth client's user) and restricted to config's
      environment_id. The response shows token, token_id, token_name, scopes, expires_at (RFC 3339),
      role, metadata and token_type.

      The lease's hard end is fixed at issue (issue time + the role's max_ttl, capped by the mount).
      A classic token's Dynatrace expiry is set one minute after the hard end and never changes. A
      platform token's expiry follows the lease: one minute after the lease's first end at mint,
      moved to one minute after the new end on every renewal, never past the hard end plus a
      minute; a renewal Dynatrace does not take is refused (400 for a refusal, 503 when Dynatrace or
      the sidecar is unavailable) and the lease is not extended beyond what the token honours. Either
      way the token stops working even if every revocation were lost. Renewing extends the lease up
      to the hard end and no further; once no extension is possible the lease is reported as not
      renewable (already at the read when ttl equals max_ttl). Revoking the lease deletes the token in
      Dynatrace; for a platform token the deletion may take up to about five minutes to take effect
      everywhere (Dynatrace documents that delay for disabling a token; for deletion it is not
      documented). The lease records the environment and the fingerprint of the credential it was
      minted with (the account client secret's for platform tokens).

      A classic role on a mount with auth_mode=none (no classic minter), or a platform role on a
      mount without an account side (account_uuid), is refused with a 400 that says what to
      configure.

      With scopes=a,b a request narrows the token to a subset of the role's scopes, if the role's
      allowed_request_scopes allows each of them; it can never add a scope. A role with
      max_active_tokens refuses a request once that many of its tokens are live or being minted
      (a 400 that names the quota). The role's metadata is copied into the lease data and the
      inventory.

      No mint outlives its request: a request whose deadline (Vault's request timeout) passed
      before the mint started makes no Dynatrace call, and a token whose answer arrives after the
      deadline is deleted again; both answer a 503 and issue nothing.

      A refusal by Dynatrace (for example an invalid scope, or an owner at its platform-token cap)
      is returned as a 400 with Dynatrace's message; an unavailable Dynatrace or sidecar is returned
      as a 503 and nothing is issued.
      """;
}
