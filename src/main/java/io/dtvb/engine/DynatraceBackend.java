package io.dtvb.engine;

import io.dtvb.vaultsdk.framework.Backend;
import io.dtvb.vaultsdk.framework.BackendConfig;
import io.dtvb.vaultsdk.framework.BackendFactory;
import io.dtvb.vaultsdk.framework.Path;
import io.dtvb.vaultsdk.framework.SpecialPaths;
import io.dtvb.vaultsdk.framework.StaticSystemView;
import io.dtvb.vaultsdk.framework.SystemView;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.dtvb.vaultsdk.framework.Log;
import io.dtvb.vaultsdk.framework.Request;

/**
 * The Dynatrace secrets engine: builds one {@link Backend} per mount with the config, roles and
 * creds endpoints and the {@code dynatrace_token} secret type, reaching Dynatrace through the
 * sidecar clients the given {@link SidecarClient.Factory} makes.
 */
public final class DynatraceBackend implements BackendFactory {
  private static final Log LOG = Log.named("dynatrace-engine");
  private final SidecarClient.Factory sidecars;
  private final Clock clock;
  private final MintJournal journal;
  private final Duration walMinAge;
  private RotateRootPath.StepHook rotationHook = step -> { };

  public DynatraceBackend(SidecarClient.Factory sidecars) {
    this(sidecars, Backend.DEFAULT_WAL_MIN_AGE);
  }

  /**
   * An engine whose mint journal entries become eligible for rollback after {@code walMinAge}
   * (Vault's convention, and the default, is 10 minutes; tests shorten it).
   */
  public DynatraceBackend(SidecarClient.Factory sidecars, Duration walMinAge) {
    this(sidecars, Clock.systemUTC(), new WalMintJournal(Clock.systemUTC()), walMinAge);
  }

  DynatraceBackend(SidecarClient.Factory sidecars, Clock clock, MintJournal journal) {
    this(sidecars, clock, journal, Backend.DEFAULT_WAL_MIN_AGE);
  }

  DynatraceBackend(SidecarClient.Factory sidecars, Clock clock, MintJournal journal, Duration walMinAge) {
    this.sidecars = sidecars;
    this.clock = clock;
    this.journal = journal;
    this.walMinAge = walMinAge;
  }

  /** Tests: stop rotate-root after a step, as a crash would. */
  DynatraceBackend withRotationHook(RotateRootPath.StepHook hook) {
    this.rotationHook = hook;
    return this;
  }

  /** Builds the mount's backend; touches neither storage nor the system view (registration probe). */
  @Override
  public Backend create(BackendConfig config) {
    SystemView system = config.system() == null ? StaticSystemView.vaultDefaults() : config.system();
    String connectionId = config.backendUuid().isEmpty() ? "default" : config.backendUuid();
    UpstreamGateway upstream = new UpstreamGateway(sidecars, connectionId);
    EngineContext ctx = new EngineContext(system, clock, new SecureRandom(), upstream, journal,
        TokenNames.mountPrefix(connectionId), new EngineMetrics(clock.instant()), new Object());
    TokenSecret tokens = new TokenSecret(ctx);
    List<Path> roles = new RolesPath(ctx).paths();
    List<Path> inventory = TokenInventory.paths();
    TidyPath tidy = new TidyPath(ctx);
    RotateRootPath rotate = new RotateRootPath(ctx, rotationHook);
    List<Path> leaseLog = new LeaseLogPath(ctx).paths();
    return Backend.builder()
        .help("Dynatrace", HELP)
        .paths(new ConfigPath(ctx).path(), roles.get(0), roles.get(1),
            new CredsPath(ctx, tokens.secretType(), new RoleQuota()).path(), inventory.get(0), inventory.get(1), tidy.path(),
            rotate.path(), new MetricsPath(ctx).path())
        .paths(leaseLog.toArray(Path[]::new))
        .secret(tokens.secretType())
        .specialPaths(new SpecialPaths(List.of(), List.of(), List.of(), List.of(ConfigPath.STORAGE_KEY)))
        // every creds read and revoke reads both; they change only through this mount's own writes
        .cachedStorage(ConfigPath.STORAGE_KEY, RolesPath.STORAGE_PREFIX)
        .periodic(req -> {
          rotate.periodic(req);
          tidy.periodic(req);
        })
        .walRollback(RotateRootPath.WAL_KIND, counted(ctx, "rotate_root", rotate::rollback))
        .walRollback(WalMintJournal.KIND, counted(ctx, "mint", (req, data) -> rollbackMint(req, data, upstream, clock)))
        .walMinAge(walMinAge)
        .clock(clock)
        .cleanup(upstream::close)
        .build();
  }

  /** A rollback handler whose outcomes are counted in the mount's metrics. */
  private static Backend.WalRollback counted(EngineContext ctx, String kind, Backend.WalRollback handler) {
    return (req, data) -> {
      try {
        handler.rollback(req, data);
        ctx.metrics().rollback(kind, "ok");
      } catch (Exception e) {
        ctx.metrics().rollback(kind, "failed");
        // the framework logs the message; it leaves the engine scrubbed of credential shapes
        throw new IllegalStateException(io.dtvb.sidecarapi.Redaction.scrub(String.valueOf(e.getMessage())));
      }
    };
  }

  /**
   * How long after its journal entry a mint's create may still be under way at Dynatrace: the
   * sidecar gives each Dynatrace call 30 s and the plugin waits 60 s for the sidecar; twice that.
   * A rollback that finds no token of a younger entry keeps the entry (a create still in flight
   * would otherwise leave a token nobody rolls back); the journal's minimum age (10 min by default)
   * is already longer, so this matters when that age is shortened.
   */
  static final Duration MINT_IN_FLIGHT = Duration.ofMinutes(2);

  /**
   * Deletes the token a crashed or interrupted mint may have created, found by its unique name;
   * without a config the entry is kept (the exception) and retried at the next rollback, and so is
   * a young entry whose token is not listed yet. A token the inventory holds was answered to Vault
   * (its entry is written before the answer; the journal entry is removed only after the reply):
   * it is kept, and only the journal entry goes.
   */
  private static void rollbackMint(Request req, Map<String, Object> data, UpstreamGateway upstream, Clock clock)
      throws UpstreamException {
    String name = String.valueOf(data.get(WalMintJournal.TOKEN_NAME));
    ConfigEntry config = ConfigPath.load(req.storage()).orElseThrow(() ->
        UpstreamException.invalid("no config: cannot roll back the mint of " + name + " yet"));
    List<String> answered = upstream.on(config).listByPrefix(name).stream()
        .filter(t -> name.equals(t.name()) && TokenInventory.get(req.storage(), t.tokenId()).isPresent())
        .map(io.dtvb.sidecarapi.ListedToken::tokenId).toList();
    if (!answered.isEmpty()) {
      LOG.info("mint had completed: its lease was answered, only the journal entry is removed", "token_name", name,
          "token_id", answered.get(0));
      return;
    }
    LeaseData lease = WalMintJournal.lease(data);
    int deleted = upstream.on(config).revokeByName(new io.dtvb.sidecarapi.RollbackRequest(name, lease.context(),
        "rollback: the mint's lease never reached Vault"));
    if (deleted == 0) {
      Optional<Instant> written = WalMintJournal.writtenAt(data);
      if (written.isPresent() && clock.instant().isBefore(written.get().plus(MINT_IN_FLIGHT))) {
        throw UpstreamException.retryable("no token named " + name + " yet; its create may still be under way"
            + " (journal entry written " + written.get() + "); kept for the next rollback", null);
      }
    }
    LOG.info("rolled back an unfinished mint", "token_name", name, "deleted", deleted);
  }

  private static final String HELP = """
      The Dynatrace secrets engine mints short-lived Dynatrace tokens as Vault dynamic secrets:
      classic access tokens (dt0c01) and platform tokens (dt0s16, through the Account Management
      API), chosen per role with token_type.

      Configure the connection with config (the minters' Dynatrace credentials and the sidecar
      that talks to Dynatrace), define roles with roles/<name> (token type, scopes and lease
      limits), then read creds/<name> to mint a token under a lease. Renewing the lease extends it
      up to its hard end (a platform token's expiry moves with it; a classic token's is fixed);
      revoking it, or letting it expire, deletes the token in Dynatrace.
      """;
}
