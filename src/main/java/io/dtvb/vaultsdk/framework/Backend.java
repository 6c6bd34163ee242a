package io.dtvb.vaultsdk.framework;

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
  private final PeriodicFunc periodic;
  private final Runnable cleanup;

  private Backend(Builder b) {
    this.help = b.help;
    this.title = b.title;
    this.paths = List.copyOf(b.paths);
    this.secrets = Map.copyOf(b.secrets);
    this.specialPaths = b.specialPaths;
    this.periodic = b.periodic;
    this.cleanup = b.cleanup;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Handles one request. Returns null when there is nothing to say (Vault accepts that). */
  public Response handleRequest(Request req) throws Exception {
    try {
      return switch (req.operation()) {
        case HELP -> help(req);
        case RENEW -> secretHandler(req).renew().handle(req);
        case REVOKE -> secretHandler(req).revoke().handle(req);
        case ROLLBACK -> rollback(req);
        default -> route(req);
      };
    } catch (UserError e) {
      return Response.error(e.getMessage());
    }
  }

  /** Runs the path's existence check, if it has one. */
  public ExistenceResult existenceCheck(Request req) throws Exception {
    Optional<Match> match = find(req.path());
    if (match.isEmpty() || match.get().path.existenceCheck().isEmpty()) {
      return ExistenceResult.NO_CHECK;
    }
    Path p = match.get().path;
    FieldData data = FieldData.validate(p.fields(), req.data(), match.get().captures);
    return new ExistenceResult(true, p.existenceCheck().get().exists(req, data));
  }

  public SpecialPaths specialPaths() {
    return specialPaths;
  }

  public void cleanup() {
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

  private Response rollback(Request req) throws Exception {
    if (periodic == null) {
      throw new UnsupportedOperationError("rollback is not supported");
    }
    periodic.run(req);
    return null;
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
    private Runnable cleanup = () -> {};

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

    public Builder cleanup(Runnable hook) {
      this.cleanup = hook;
      return this;
    }

    public Backend build() {
      return new Backend(this);
    }
  }
}
