package io.dtvb.vaultsdk.framework;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A secrets engine described by its paths and secret types. Routes requests, validates fields,
 * dispatches renew/revoke by secret type, answers help and OpenAPI, runs the periodic hook on
 * Vault's rollback request. Handlers throw {@link UserError} for bad input (a 400 naming the field).
 */
public final class Backend {

  /** Undoes the side effect a write-ahead-log entry of one kind announced; throw to keep the entry. */
  @FunctionalInterface
  public interface WalRollback {
    void rollback(Request request, Map<String, Object> data) throws Exception;
  }

  /** Default minimum age of a WAL entry before rollback touches it (Vault's convention). */
  public static final Duration DEFAULT_WAL_MIN_AGE = Duration.ofMinutes(10);

  /** Work done on Vault's periodic rollback request (every minute on the active node). */
  @FunctionalInterface
  public interface PeriodicFunc {
    void run(Request request) throws Exception;
  }

  private final String help;
  private final String title;
  private final List<Path> paths;
  private final Map<String, SecretType> secrets;
  private final SpecialPaths specialPaths;
  private final RollbackRequest rollback;
  private final Clock clock;
  private final Runnable cleanup;
  private final StorageCache cache;

  private Backend(Builder b) {
    this.help = b.help;
    this.title = b.title;
    this.paths = List.copyOf(b.paths);
    this.secrets = Map.copyOf(b.secrets);
    this.specialPaths = b.specialPaths;
    this.rollback = new RollbackRequest(b.periodic, Map.copyOf(b.walRollbacks), b.walMinAge, b.clock);
    this.clock = b.clock;
    this.cleanup = b.cleanup;
    this.cache = b.cached.isEmpty() ? null : new StorageCache(b.cached);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Handles one request. Returns null when there is nothing to say (Vault accepts that). */
  public Response handleRequest(Request req) throws Exception {
    return Log.withRequestId(req.id(), () -> dispatch(cached(req)));
  }

  /** Vault reports that a storage key changed behind this instance (replication, performance standby). */
  public void invalidate(String key) {
    if (cache != null) {
      cache.invalidate(key);
    }
  }

  private Request cached(Request req) {
    return cache == null || req.storage() == null ? req : req.withStorage(cache.over(req.storage()));
  }

  private Response dispatch(Request req) throws Exception {
    if (req.pastDeadline(clock.instant())) {
      throw new DeadlineExceeded("the request's deadline passed before the plugin could start it; nothing was done");
    }
    try {
      return switch (req.operation()) {
        case HELP -> help(req);
        case RENEW -> secretHandler(req).renew().handle(req);
        case REVOKE -> secretHandler(req).revoke().handle(req);
        case ROLLBACK -> rollback.handle(req);
        default -> route(req);
      };
    } catch (UserError e) {
      return Response.error(e.getMessage());
    }
  }

  /** Runs the path's existence check, if it has one. */
  public ExistenceResult existenceCheck(Request original) throws Exception {
    Request req = cached(original);
    Optional<Match> match = find(req.path());
    if (match.isEmpty() || match.get().path.existenceCheck().isEmpty()) {
      return ExistenceResult.NO_CHECK;
    }
    Path p = match.get().path;
    // Only "does it exist": the check sees the path parameters, never the body. Field validation
    // belongs to the operation, whose user error is the 400; failing here makes Vault log
    // "failed to run existence check" for every malformed write.
    FieldData data = FieldData.pathOnly(p.fields(), match.get().captures);
    return new ExistenceResult(true, p.existenceCheck().get().exists(req, data));
  }

  public SpecialPaths specialPaths() {
    return specialPaths;
  }

  public void cleanup() {
    invalidate(null);
    cleanup.run();
  }

  public List<Path> paths() {
    return paths;
  }

  public String title() {
    return title;
  }

  public String helpText() {
    return help;
  }

  private Response route(Request req) throws Exception {
    Match match = find(req.path()).orElseThrow(() -> new UnsupportedPathError(req.path()));
    Operation op = req.operation();
    Path.OperationSpec spec = match.path.operations().get(op);
    if (spec == null && op == Operation.CREATE) {
      spec = match.path.operations().get(Operation.UPDATE);
    }
    if (spec == null) {
      throw new UnsupportedOperationError(op.wireName() + " is not supported on " + req.path());
    }
    FieldData data = FieldData.validate(match.path.fields(), req.data(), match.captures);
    return spec.handler().handle(req, data);
  }

  private SecretType secretHandler(Request req) {
    Object type = req.secret() == null ? null : req.secret().internalData().get(SecretType.TYPE_KEY);
    SecretType secret = type == null ? null : secrets.get(String.valueOf(type));
    if (secret == null) {
      throw new UnsupportedOperationError("secret is unsupported by this backend");
    }
    return secret;
  }

  private Response help(Request req) {
    Map<String, Object> data = new LinkedHashMap<>();
    Optional<Match> match = req.path().isEmpty() ? Optional.empty() : find(req.path());
    data.put("help", match.map(m -> HelpText.forPath(m.path, req.path())).orElse(help));
    data.put("see_also", null);
    data.put("openapi", OpenApi.document(this, match.map(m -> m.path).orElse(null)));
    return Response.of(data);
  }

  private Optional<Match> find(String path) {
    for (Path p : paths) {
      Optional<Map<String, String>> captures = p.match(path);
      if (captures.isPresent()) {
        return Optional.of(new Match(p, captures.get()));
      }
    }
    return Optional.empty();
  }

  private record Match(Path path, Map<String, String> captures) {}

  /** Builds a {@link Backend}. */
  public static final class Builder {
    private String help = "";
    private String title = "";
    private final List<Path> paths = new ArrayList<>();
    private final Map<String, SecretType> secrets = new LinkedHashMap<>();
    private SpecialPaths specialPaths = SpecialPaths.NONE;
    private PeriodicFunc periodic;
    private final Map<String, WalRollback> walRollbacks = new LinkedHashMap<>();
    private Duration walMinAge = DEFAULT_WAL_MIN_AGE;
    private Clock clock = Clock.systemUTC();
    private Runnable cleanup = () -> {};
    private final List<String> cached = new ArrayList<>();

    public Builder help(String title, String help) {
      this.title = title;
      this.help = help.strip();
      return this;
    }

    public Builder paths(Path... more) {
      paths.addAll(List.of(more));
      return this;
    }

    public Builder secret(SecretType type) {
      secrets.put(type.type(), type);
      return this;
    }

    public Builder specialPaths(SpecialPaths sp) {
      this.specialPaths = sp;
      return this;
    }

    public Builder periodic(PeriodicFunc func) {
      this.periodic = func;
      return this;
    }

    /** Rolls back WAL entries of {@code kind} older than the minimum age on Vault's rollback request. */
    public Builder walRollback(String kind, WalRollback handler) {
      walRollbacks.put(kind, handler);
      return this;
    }

    /**
     * Serves reads of these read-mostly keys (a '/' suffix: every key below) from a
     * {@link StorageCache} that this backend's own writes and Vault's InvalidateKey keep current.
     */
    public Builder cachedStorage(String... keysAndPrefixes) {
      cached.addAll(List.of(keysAndPrefixes));
      return this;
    }

    public Builder walMinAge(Duration minAge) {
      this.walMinAge = minAge;
      return this;
    }

    public Builder clock(Clock c) {
      this.clock = c;
      return this;
    }

    public Builder cleanup(Runnable hook) {
      this.cleanup = hook;
      return this;
    }

    public Backend build() {
      return new Backend(this);
    }
  }
}
