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
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code creds/<name>} endpoint: mints a fresh Dynatrace token for a role under a new lease
 * whose hard end is fixed at issue, with the token set to expire a little after it.
 */
final class CredsPath {
  private static final Log LOG = Log.named("dynatrace-engine");

  private final EngineContext ctx;
  private final SecretType tokenType;

  CredsPath(EngineContext ctx, SecretType tokenType) {
    this.ctx = ctx;
    this.tokenType = tokenType;
  }

  Path path() {
    return Path.builder("creds/" + Path.segment("name"))
        .fields(Field.of("name", FieldType.STRING, "Name of the role.").pathParameter())
        .operation(Operation.READ, this::issue, "Mint a Dynatrace token for the role under a new lease.")
        .help(SYNOPSIS, DESCRIPTION)
        .build();
  }

  private Response issue(Request req, FieldData data) throws Exception {
    String roleName = data.getString("name");
    RoleEntry role = RolesPath.load(req.storage(), roleName)
        .orElseThrow(() -> new UserError("unknown role \"" + roleName + "\""));
    ConfigEntry config = ConfigPath.load(req.storage()).orElseThrow(ConfigPath::notConfigured);
    LeaseTerms terms = LeaseTerms.of(role, ctx.system(), ctx.clock().instant());
    String nonce = TokenNames.nonce(ctx.random());
    MintOrder order = new MintOrder(
        TokenNames.name(req.context().mountPoint(), roleName, nonce), role.scopes(), terms.tokenExpiry(),
        role.personalAccessToken(), new MintOrder.LeaseContext(req.context().mountPoint(), roleName,
            req.context().entityId(), req.context().displayName(), req.id()));
    return mintStep(req, config, order, minted -> lease(req, order, terms, minted, nonce));
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
    try {
      minted = ctx.upstream().mint(config, order);
    } catch (UpstreamException e) {
      if (e.kind() != UpstreamException.Kind.RETRYABLE) {
        ctx.journal().settle(req.storage(), entryId);
      }
      throw failure(order, e);
    }
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
    Map<String, Object> internal = new LinkedHashMap<>();
    internal.put("token_id", minted.tokenId());
    internal.put("token_name", order.name());
    internal.put("role", role);
    internal.put("hard_end", terms.hardEnd().getEpochSecond());
    internal.put("mount", order.context().mount());
    internal.put("nonce", nonce);
    LOG.info("token minted", "token_id", minted.tokenId(), "token_name", order.name(), "role", role,
        "expires_at", data.get("expires_at"), "request_id", req.id());
    TokenInventory.put(req.storage(), new TokenInventory.Entry(minted.tokenId(), order.name(), role,
        req.context().entityId(), req.context().displayName(), req.id(), planned.issuedAt().toString(),
        terms.hardEnd().getEpochSecond(), String.valueOf(data.get("expires_at"))));
    Response response = tokenType.response(data, internal, terms.ttl(), terms.maxTtl());
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
      case REJECTED, INVALID -> new UserError(
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
      once no extension is possible the lease is reported as not renewable. Revoking the lease
      deletes the token in Dynatrace.

      A refusal by Dynatrace (for example an invalid scope) is returned as a 400 with Dynatrace's
      message; an unavailable Dynatrace or sidecar is returned as a 503 and nothing is issued.
      """;
}
