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
import io.dtvb.vaultsdk.framework.SecretType;
import io.dtvb.vaultsdk.framework.UserError;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code creds/<name>} endpoint: mints a fresh Dynatrace token for a role under a new lease
 * whose hard end is fixed at issue, with the token set to expire a little after it.
 */
final class CredsPath {
  private static final Log LOG = Log.named("dynatrace-engine");

  private final EngineContext ctx;
  private final SecretType tokenType;
  /** Per role: held from the quota count until the new token is in the inventory. */
  private final Map<String, Object> quotaLocks = new ConcurrentHashMap<>();

  CredsPath(EngineContext ctx, SecretType tokenType) {
    this.ctx = ctx;
    this.tokenType = tokenType;
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
    if (role.maxActiveTokens() <= 0) {
      return mint(req, config, roleName, role, scopes);
    }
    synchronized (quotaLocks.computeIfAbsent(roleName, k -> new Object())) {
      long live = TokenInventory.countByRole(req.storage(), roleName);
      if (live >= role.maxActiveTokens()) {
        LOG.info("token mint refused: role quota reached", "role", roleName, "live", live,
            "max_active_tokens", role.maxActiveTokens());
        ctx.metrics().mint("quota_reached", null);
        throw new UserError("role \"" + roleName + "\" has reached its quota: max_active_tokens="
            + role.maxActiveTokens() + " and " + live + " tokens are live; revoke a lease (list them with"
            + " tokens/?role=" + roleName + ") or raise max_active_tokens");
      }
      return mint(req, config, roleName, role, scopes);
    }
  }

  private Response mint(Request req, ConfigEntry config, String roleName, RoleEntry role, List<String> scopes)
      throws Exception {
    Instant now = ctx.clock().instant();
    LeaseTerms terms = LeaseTerms.of(role, ctx.system(), now);
    String nonce = TokenNames.nonce(ctx.random());
    String rendered = NameTemplate.parse(role.nameTemplate()).render(new NameTemplate.Inputs(
        req.context().displayName(), req.context().entityId(), roleName, req.context().mountPoint(), now,
        ctx.random()));
    MintOrder order = new MintOrder(TokenNames.name(ctx.namePrefix(), rendered, nonce), scopes,
        terms.tokenExpiry(), role.personalAccessToken(), new MintOrder.LeaseContext(req.context().mountPoint(),
            roleName, req.context().entityId(), req.context().displayName(), req.id(), role.metadata(),
            terms.hardEnd()));
    return mintStep(req, config, order, minted -> lease(req, order, terms, minted, nonce));
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
      throw new UserError("invalid value for field \"scopes\": role \"" + roleName
          + "\" does not let requests choose scopes (set allowed_request_scopes on the role)");
    }
    List<String> refused = asked.stream().filter(s -> !role.mayRequest(s)).toList();
    if (!refused.isEmpty()) {
      throw new UserError("invalid value for field \"scopes\": " + refused + " not allowed for role \""
          + roleName + "\"; a request may only narrow the role's scopes " + role.scopes()
          + " to those in allowed_request_scopes " + role.allowedRequestScopes());
    }
    return asked;
  }

  /** Turns a minted token into the lease response. */
  @FunctionalInterface
  private interface LeaseBuilder {
    Response build(MintedCredential minted);
  }

  /**
   * The mint inside its journal bracket: the entry naming the token is written before the broker
   * call and settled after the lease response exists. An outcome that may have created a token
   * (timeout, outage) keeps the entry, so a rollback can look for the token by name.
   */
  private Response mintStep(Request req, ConfigEntry config, MintOrder order, LeaseBuilder lease)
      throws Exception {
    String entryId = ctx.journal().begin(req.storage(), order);
    MintedCredential minted;
    long started = System.nanoTime();
    try {
      minted = ctx.upstream().mint(config, order);
    } catch (UpstreamException e) {
      if (e.kind() != UpstreamException.Kind.RETRYABLE) {
        ctx.journal().settle(req.storage(), entryId);
      }
      ctx.metrics().mint(e.kind().name().toLowerCase(Locale.ROOT), Duration.ofNanos(System.nanoTime() - started));
      throw failure(order, e);
    }
    ctx.metrics().mint("ok", Duration.ofNanos(System.nanoTime() - started));
    Response response = lease.build(minted);
    ctx.journal().settle(req.storage(), entryId);
    return response;
  }

  private Response lease(Request req, MintOrder order, LeaseTerms planned, MintedCredential minted, String nonce) {
    LeaseTerms terms = planned.within(minted.expiration());
    Instant expiry = minted.expiration() != null ? minted.expiration() : order.expiration();
    String role = order.context().role();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("token", minted.token());
    data.put("token_id", minted.tokenId());
    data.put("token_name", order.name());
    data.put("scopes", order.scopes());
    data.put("expires_at", DateTimeFormatter.ISO_INSTANT.format(expiry));
    data.put("role", role);
    data.put("metadata", order.context().metadata());
    Map<String, Object> internal = new LinkedHashMap<>();
    internal.put("token_id", minted.tokenId());
    internal.put("token_name", order.name());
    internal.put("role", role);
    internal.put("hard_end", terms.hardEnd().getEpochSecond());
    internal.put("mount", order.context().mount());
    internal.put("nonce", nonce);
    internal.put("metadata", order.context().metadata());
    internal.put("entity_id", order.context().entityId());
    internal.put("display_name", order.context().displayName());
    internal.put("request_id", order.context().requestId());
    LOG.info("token minted", "token_id", minted.tokenId(), "token_name", order.name(), "role", role,
        "expires_at", data.get("expires_at"), "request_id", req.id());
    TokenInventory.put(req.storage(), new TokenInventory.Entry(minted.tokenId(), order.name(), role,
        req.context().entityId(), req.context().displayName(), req.id(), planned.issuedAt().toString(),
        terms.hardEnd().getEpochSecond(), String.valueOf(data.get("expires_at")), order.context().metadata()));
    // Renewable only if a renew could extend the lease (the rule RenewTerms applies): a lease whose
    // TTL already reaches the hard end (ttl = max_ttl) is not, so Vault Agent re-reads it near its
    // end instead of renewing at once, finding it not renewable and minting again in a tight loop.
    boolean renewable = terms.ttl().compareTo(Duration.between(ctx.clock().instant(), terms.hardEnd())) < 0;
    Response response = tokenType.response(data, internal, terms.ttl(), terms.maxTtl(), renewable);
    if (terms != planned) {
      response.warn("Dynatrace set the token to expire at " + data.get("expires_at")
          + ", before the lease's planned end; the lease ends then instead");
    }
    return response;
  }

  private static RuntimeException failure(MintOrder order, UpstreamException e) {
    String role = order.context().role();
    LOG.warn("token mint failed", "role", role, "token_name", order.name(), "kind", e.kind().name(),
        "upstream_status", e.upstreamStatus(), "reason", e.getMessage());
    return switch (e.kind()) {
      case REJECTED, INVALID, FORBIDDEN -> new UserError(
          "Dynatrace refused to mint a token for role \"" + role + "\": " + e.describe());
      case RETRYABLE -> new CodedError(503,
          "could not mint a Dynatrace token, Dynatrace or the sidecar is unavailable (" + e.describe()
              + "); no lease was issued, retry later");
      case UNKNOWN_CONNECTION -> new CodedError(503,
          "could not mint a Dynatrace token: the sidecar did not accept the connection settings again ("
              + e.describe() + ")");
    };
  }

  private static final String SYNOPSIS = "Mint a Dynatrace token for a role.";

  private static final String DESCRIPTION = """
      Each read mints a new Dynatrace access token with the role's scopes under a new Vault lease.
      The response shows token, token_id, token_name, scopes, expires_at (RFC 3339) and role.

      The lease's hard end is fixed at issue (issue time + the role's max_ttl, capped by the mount)
      and the token's Dynatrace expiry is set one minute after it, so the token stops working even
      if every revocation were lost. Renewing extends the lease up to the hard end and no further;
      once no extension is possible the lease is reported as not renewable (already at the read
      when ttl equals max_ttl). Revoking the lease deletes the token in Dynatrace.

      With scopes=a,b a request narrows the token to a subset of the role's scopes, if the role's
      allowed_request_scopes allows each of them; it can never add a scope. A role with
      max_active_tokens refuses a request once that many of its tokens are live (a 400 that
      names the quota). The role's metadata is copied into the lease data and the inventory.

      A refusal by Dynatrace (for example an invalid scope) is returned as a 400 with Dynatrace's
      message; an unavailable Dynatrace or sidecar is returned as a 503 and nothing is issued.
      """;
}
