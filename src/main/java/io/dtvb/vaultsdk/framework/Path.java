package io.dtvb.vaultsdk.framework;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One endpoint of a backend: a path pattern (regex with named groups for URL parameters), its
 * field schema, a handler per operation, an optional existence check and its help text.
 */
public final class Path {

  /** Handles one operation on a path. */
  @FunctionalInterface
  public interface Handler {
    Response handle(Request request, FieldData data) throws Exception;
  }

  /** Tells Vault whether the addressed object exists, so it can choose create or update. */
  @FunctionalInterface
  public interface ExistenceCheck {
    boolean exists(Request request, FieldData data) throws Exception;
  }

  /** A handler plus the one-line summary used in help and OpenAPI. */
  public record OperationSpec(Handler handler, String summary) {}

  private final String pattern;
  private final Pattern regex;
  private final List<Field> fields;
  private final Map<Operation, OperationSpec> operations;
  private final ExistenceCheck existenceCheck;
  private final String synopsis;
  private final String description;

  private Path(Builder b) {
    this.pattern = b.pattern;
    this.regex = Pattern.compile("^" + b.pattern + "$");
    this.fields = List.copyOf(b.fields);
    this.operations = Collections.unmodifiableMap(new EnumMap<>(b.operations));
    this.existenceCheck = b.existenceCheck;
    this.synopsis = b.synopsis;
    this.description = b.description;
  }

  /** A regex group that captures one path segment into the named field. */
  public static String segment(String name) {
    return "(?<" + name + ">[A-Za-z0-9][A-Za-z0-9_.-]*)";
  }

  public static Builder builder(String pattern) {
    return new Builder(pattern);
  }

  /** The captured URL parameters when the relative path matches this pattern. */
  public Optional<Map<String, String>> match(String path) {
    Matcher m = regex.matcher(path);
    if (!m.matches()) {
      return Optional.empty();
    }
    Map<String, String> captures = new LinkedHashMap<>();
    for (Field f : fields) {
      if (f.inPath()) {
        captures.put(f.name(), m.group(f.name()));
      }
    }
    return Optional.of(captures);
  }

  public String pattern() {
    return pattern;
  }

  public List<Field> fields() {
    return fields;
  }

  public Map<Operation, OperationSpec> operations() {
    return operations;
  }

  public Optional<ExistenceCheck> existenceCheck() {
    return Optional.ofNullable(existenceCheck);
  }

  public String synopsis() {
    return synopsis;
  }

  public String description() {
    return description;
  }

  /** Builds a {@link Path}. */
  public static final class Builder {
    private final String pattern;
    private final List<Field> fields = new ArrayList<>();
    private final Map<Operation, OperationSpec> operations = new EnumMap<>(Operation.class);
    private ExistenceCheck existenceCheck;
    private String synopsis = "";
    private String description = "";

    private Builder(String pattern) {
      this.pattern = pattern;
    }

    public Builder fields(Field... more) {
      fields.addAll(List.of(more));
      return this;
    }

    public Builder operation(Operation op, Handler handler, String summary) {
      operations.put(op, new OperationSpec(handler, summary));
      return this;
    }

    public Builder existenceCheck(ExistenceCheck check) {
      this.existenceCheck = check;
      return this;
    }

    public Builder help(String synopsis, String description) {
      this.synopsis = synopsis.strip();
      this.description = description.strip();
      return this;
    }

    public Path build() {
      return new Path(this);
    }
  }
}
