package io.dtvb.engine;

import io.dtvb.vaultsdk.framework.Durations;
import io.dtvb.vaultsdk.framework.Field;
import io.dtvb.vaultsdk.framework.FieldData;
import io.dtvb.vaultsdk.framework.FieldType;
import io.dtvb.vaultsdk.framework.Operation;
import io.dtvb.vaultsdk.framework.Path;
import io.dtvb.vaultsdk.framework.Request;
import io.dtvb.vaultsdk.framework.Response;
import io.dtvb.vaultsdk.framework.Storage;
import io.dtvb.vaultsdk.framework.UserError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code roles/<name>} and {@code roles/} endpoints: which scopes a role's tokens get and how
 * long their leases may live. Writes merge into the stored role.
 */
final class RolesPath {
  static final String STORAGE_PREFIX = "role/";
  private static final Pattern SCOPE = Pattern.compile("^[A-Za-z][A-Za-z0-9._:-]*$");

  private final EngineContext ctx;

  RolesPath(EngineContext ctx) {
    this.ctx = ctx;
  }

  List<Path> paths() {
    Path role = Path.builder("roles/" + Path.segment("name"))
        .fields(
            Field.of("name", FieldType.STRING, "Name of the role.").pathParameter(),
            Field.of("scopes", FieldType.COMMA_LIST, SCOPES_HELP).asRequired(),
            Field.of("ttl", FieldType.DURATION, "Lease TTL; 0 or unset uses the mount default.").defaultValue(0),
            Field.of("max_ttl", FieldType.DURATION,
                "Fixed lifetime of each token and the lease's max TTL; 0 or unset uses the mount max.")
                .defaultValue(0),
            Field.of("personal_access_token", FieldType.BOOL,
                "Mint personal access tokens (bounded by the minter's own permissions).").defaultValue(false),
            Field.of("name_template", FieldType.STRING, NAME_TEMPLATE_HELP),
            Field.of("metadata", FieldType.MAP,
                "Key/value pairs copied into every lease, inventory entry and lease-log event of the role."),
            Field.of("allowed_request_scopes", FieldType.COMMA_LIST, ALLOWED_REQUEST_SCOPES_HELP),
            Field.of("max_active_tokens", FieldType.INT, MAX_ACTIVE_TOKENS_HELP).defaultValue(0),
            Field.of("token_type", FieldType.STRING, TOKEN_TYPE_HELP).defaultValue("classic"),
            Field.of("service_user", FieldType.STRING, SERVICE_USER_HELP))
        .existenceCheck((req, data) -> load(req.storage(), data.getString("name")).isPresent())
        .operation(Operation.READ, this::read, "Read a role.")
        .operation(Operation.CREATE, this::write, "Create a role.")
        .operation(Operation.UPDATE, this::write, "Update a role; omitted fields are kept.")
        .operation(Operation.DELETE, this::delete, "Delete a role (issued leases stay revocable).")
        .help(SYNOPSIS, DESCRIPTION)
        .build();
    Path list = Path.builder("roles/?")
        .operation(Operation.LIST, this::list, "List the roles.")
        .help("List the roles.", "Lists the names of all configured roles.")
        .build();
    return List.of(role, list);
  }

  /** The stored role, if any. */
  static Optional<RoleEntry> load(Storage storage, String name) {
    return storage.getJson(STORAGE_PREFIX + name, RoleEntry.class);
  }

  /** Checks each scope's shape and removes duplicates, keeping the first occurrence's order. */
  static List<String> normalizeScopes(List<String> raw) {
    LinkedHashSet<String> unique = new LinkedHashSet<>();
    for (String scope : raw) {
      if (!SCOPE.matcher(scope).matches()) {
        throw UserError.invalidField("scopes", "\"" + scope
            + "\" is not a Dynatrace scope (a letter, then letters, digits, '.', '_', ':' or '-')");
      }
      unique.add(scope);
    }
    return List.copyOf(unique);
  }

  private Response read(Request req, FieldData data) {
    return load(req.storage(), data.getString("name")).map(r -> Response.of(r.view())).orElse(null);
  }

  private Response list(Request req, FieldData data) {
    return Response.list(req.storage().list(STORAGE_PREFIX));
  }

  private Response delete(Request req, FieldData data) {
    req.storage().delete(STORAGE_PREFIX + data.getString("name"));
    return null;
  }

  private Response write(Request req, FieldData data) {
    String name = data.getString("name");
    Optional<RoleEntry> stored = load(req.storage(), name);
    List<String> scopes = data.has("scopes")
        ? normalizeScopes(data.getList("scopes"))
        : stored.map(RoleEntry::scopes).orElse(List.of());
    if (scopes.isEmpty()) {
      throw new UserError("missing required field(s): scopes");
    }
    long ttl = data.has("ttl") ? data.getDuration("ttl").getSeconds() : stored.map(RoleEntry::ttlSeconds).orElse(0L);
    long maxTtl = data.has("max_ttl")
        ? data.getDuration("max_ttl").getSeconds() : stored.map(RoleEntry::maxTtlSeconds).orElse(0L);
    if (ttl > 0 && maxTtl > 0 && ttl > maxTtl) {
      throw UserError.invalidField("ttl", Durations.format(Duration.ofSeconds(ttl))
          + " is greater than max_ttl " + Durations.format(Duration.ofSeconds(maxTtl)));
    }
    boolean pat = data.has("personal_access_token")
        ? data.getBool("personal_access_token") : stored.map(RoleEntry::personalAccessToken).orElse(false);
    String template = data.has("name_template")
        ? NameTemplate.parse(data.getString("name_template")).source()
        : stored.map(RoleEntry::nameTemplate).orElse(null);
    Map<String, String> metadata = data.has("metadata")
        ? checkMetadata(data.getMap("metadata")) : stored.map(RoleEntry::metadata).orElse(null);
    List<String> allowed = data.has("allowed_request_scopes")
        ? List.copyOf(new LinkedHashSet<>(data.getList("allowed_request_scopes")))
        : stored.map(RoleEntry::allowedRequestScopes).orElse(List.of());
    checkAllowedRequestScopes(allowed, scopes);
    long quota = data.has("max_active_tokens")
        ? data.getInt("max_active_tokens") : stored.map(RoleEntry::maxActiveTokens).orElse(0L);
    if (quota < 0) {
      throw UserError.invalidField("max_active_tokens", "must be 0 (no quota) or more");
    }
    RoleEntry role = new RoleEntry(scopes, ttl, maxTtl, pat, template, metadata, allowed, quota,
        RoleTypeRules.tokenType(data, stored), RoleTypeRules.serviceUser(data, stored));
    RoleTypeRules.check(role, req.storage());
    req.storage().putJson(STORAGE_PREFIX + name, role);
    List<String> warnings = capWarnings(role);
    warnings.addAll(RoleTypeRules.warnings(role, req.storage()));
    if (warnings.isEmpty()) {
      return null;
    }
    Response response = Response.of(Map.of());
    warnings.forEach(response::warn);
    return response;
  }

  /** At most 32 pairs; keys of letters, digits, '_', '.', '-' (1–64); values up to 512 characters. */
  static Map<String, String> checkMetadata(Map<String, String> metadata) {
    if (metadata.size() > MAX_METADATA_PAIRS) {
      throw UserError.invalidField("metadata", "at most " + MAX_METADATA_PAIRS
          + " pairs, got " + metadata.size());
    }
    metadata.forEach((k, v) -> {
      if (!METADATA_KEY.matcher(k).matches()) {
        throw UserError.invalidField("metadata", "key \"" + k
            + "\" must be 1-64 letters, digits, '_', '.' or '-'");
      }
      if (v.length() > MAX_METADATA_VALUE) {
        throw UserError.invalidField("metadata", "the value of \"" + k + "\" is longer than "
            + MAX_METADATA_VALUE + " characters");
      }
    });
    return metadata;
  }

  /** Each entry is "*" or one of the role's scopes: a request may narrow the role, never widen it. */
  private static void checkAllowedRequestScopes(List<String> allowed, List<String> scopes) {
    for (String scope : allowed) {
      if (!scope.equals(RoleEntry.ANY_SCOPE) && !scopes.contains(scope)) {
        throw UserError.invalidField("allowed_request_scopes", "\"" + scope
            + "\" is not one of the role's scopes " + scopes + "; a request may only narrow the role's scopes"
            + " (update allowed_request_scopes together with scopes)");
      }
    }
  }

  private List<String> capWarnings(RoleEntry role) {
    Duration mountMax = ctx.system().maxLeaseTtl();
    List<String> warnings = new ArrayList<>();
    if (role.ttl().compareTo(mountMax) > 0) {
      warnings.add("ttl " + Durations.format(role.ttl()) + " is greater than the mount's max lease TTL "
          + Durations.format(mountMax) + "; leases will be capped at " + Durations.format(mountMax));
    }
    if (role.maxTtl().compareTo(mountMax) > 0) {
      warnings.add("max_ttl " + Durations.format(role.maxTtl()) + " is greater than the mount's max lease TTL "
          + Durations.format(mountMax) + "; tokens and leases will be capped at " + Durations.format(mountMax));
    }
    return warnings;
  }

  private static final int MAX_METADATA_PAIRS = 32;
  private static final int MAX_METADATA_VALUE = 512;
  private static final Pattern METADATA_KEY = Pattern.compile("^[A-Za-z0-9_.-]{1,64}$");

  private static final String NAME_TEMPLATE_HELP = """
      Readable part of each token name, default {{.MountPath}}-{{.RoleName}}. Placeholders: \
      .DisplayName, .EntityIDHash, .RoleName, .MountPath, unix_time, random N; filters: truncate N, \
      lowercase, uppercase. The mount's unique prefix always comes first and a random nonce last.""";

  private static final String ALLOWED_REQUEST_SCOPES_HELP = """
      Scopes a creds request may ask for with scopes=... to get a token with fewer scopes than the \
      role ("*" = any of the role's scopes); empty (default) = requests cannot choose scopes.""";

  private static final String SCOPES_HELP = """
      Dynatrace token scopes (comma list or JSON array; duplicates are removed): classic scopes \
      such as metrics.read,logs.ingest for token_type=classic, platform scopes such as \
      storage:logs:read,openpipeline:logs:ingest for token_type=platform. A scope of the other kind \
      is refused, naming the platform equivalent where Dynatrace has one.""";

  private static final String TOKEN_TYPE_HELP = """
      classic (default): Dynatrace access tokens (dt0c01) minted by config's classic minter; \
      platform: platform tokens (dt0s16) minted through the Account Management API with config's \
      account side (account_uuid, account_client_id, account_client_secret).""";

  private static final String SERVICE_USER_HELP = """
      token_type=platform only: the UUID (uid) of the Dynatrace service user that owns the role's \
      tokens; unset (default) = the account OAuth client's own user. The account OAuth client must be \
      allowed to mint for that user (iam:service-users:use), and the tokens' effective permissions are \
      their scopes intersected with the owner's.""";

  private static final String MAX_ACTIVE_TOKENS_HELP = """
      Most live tokens the role may have at once; 0 means no quota. For a platform role it may not \
      exceed the owner's platform-token cap when config's last verification read the account's \
      limits (MAX_PLATFORM_TOKENS_PER_SERVICE_USER with service_user, else MAX_PLATFORM_TOKENS_PER_USER); \
      unknown limits allow any value.""";

  private static final String SYNOPSIS = "Manage the roles that Dynatrace tokens are minted for.";

  private static final String DESCRIPTION = """
      A role names the Dynatrace scopes its tokens get and bounds the lease. Reading
      creds/<name> mints a new token for the role.

      token_type chooses the kind of token: classic (default) mints Dynatrace access tokens
      (dt0c01) with config's classic minter; platform mints platform tokens (dt0s16) through the
      Account Management API with config's account side, restricted to config's environment_id.
      Scopes must be of the role's kind: a classic scope (no ':', e.g. logs.read) on a platform role
      is refused naming its platform equivalent (storage:logs:read), and a platform scope
      (storage:logs:read) on a classic role is refused, since Dynatrace's classic create would
      silently drop it. Changing token_type re-checks the role's scopes, so the write must carry
      scopes of the new kind. service_user (platform only, a UUID) names the service user that
      owns the tokens; without it they belong to the account OAuth client's own user.
      personal_access_token is for classic roles only.

      ttl is the initial lease TTL (default: the mount's default lease TTL). max_ttl is the
      lease's hard end (default: the mount's max lease TTL): renewals can extend the lease only up
      to it. A classic token's Dynatrace expiry is fixed at mint to the hard end plus a minute. A
      platform token's expiry follows the lease: it is set to the lease's current end plus a minute
      at mint and moved on every renewal, never past the hard end plus a minute. Both are capped
      by the mount's max lease TTL; a write whose values exceed it succeeds with a warning.

      Token names are <mount prefix><name_template>-<nonce>: the prefix (shown by config reads
      as token_name_prefix) is unique to the mount, so tidy and rollback only ever touch this
      mount's tokens; the nonce makes every name unique. The rendered template is reduced to
      letters, digits, '.', '_' and '-' and cut so that the whole name fits 100 characters.

      metadata (key=value pairs) is copied into each lease's data, the token inventory and the
      sidecar's lease log. allowed_request_scopes lets a creds request narrow the scopes
      (creds/<name> scopes=a,b): every requested scope must be listed there ("*" = any of the
      role's scopes) and be one of the role's scopes; a request can never widen the role.
      max_active_tokens caps the role's live tokens; a creds request beyond it is refused with
      a 400 that names the quota and the live count, until a lease is revoked or expires. Dynatrace
      caps the platform tokens of each owner (per user and per service user; expired tokens count
      until they are deleted, which tidy does): a platform role's max_active_tokens may not exceed
      that cap when config's last verification read the account's limits (with service_user the
      per-service-user cap, else the per-user cap, since the OAuth client's own user may be a
      regular user); when the limits are unknown any value is allowed.

      Writes merge into the stored role: omitted fields keep their values (metadata is replaced
      as a whole). Deleting a role does not revoke its leases; they stay renewable (with the
      mount default TTL) and revocable.
      """;
}
