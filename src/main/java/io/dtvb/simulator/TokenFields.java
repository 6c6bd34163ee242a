package io.dtvb.simulator;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The {@code fields} list parameter: defaults, {@code +}/{@code -} edits, or an explicit list. */
final class TokenFields {
  /** Fields returned when {@code fields} is absent. */
  static final Set<String> DEFAULT = Set.copyOf(List.of("id", "name", "enabled", "owner", "creationDate"));
  /** Every field of ApiToken, in documented order. */
  static final Set<String> ALL = ordered("id", "name", "enabled", "owner", "personalAccessToken",
      "creationDate", "expirationDate", "lastUsedDate", "lastUsedIpAddress", "modifiedDate", "scopes",
      "additionalMetadata");

  private TokenFields() {}

  /** Parses the parameter; throws a 400 {@link ApiError} for unknown fields or mixed forms. */
  static Set<String> parse(String raw) {
    if (raw == null || raw.isBlank()) {
      return keepOrder(DEFAULT);
    }
    List<String> items = List.of(raw.split(","));
    long signed = items.stream().map(String::trim).filter(i -> i.startsWith("+") || i.startsWith("-")).count();
    if (signed != 0 && signed != items.size()) {
      throw invalid("Either add/remove fields with +/- or list the fields explicitly, not both.");
    }
    Set<String> result = signed == 0 ? new LinkedHashSet<>() : new LinkedHashSet<>(keepOrder(DEFAULT));
    for (String item : items) {
      String i = item.trim();
      String name = signed == 0 ? i : i.substring(1);
      if (!ALL.contains(name)) {
        throw invalid("Unknown field '" + name + "'.");
      }
      if (i.startsWith("-")) {
        result.remove(name);
      } else {
        result.add(name);
      }
    }
    result.add("id");
    return keepOrder(result);
  }

  private static Set<String> keepOrder(Set<String> chosen) {
    Set<String> out = new LinkedHashSet<>();
    ALL.stream().filter(chosen::contains).forEach(out::add);
    return out;
  }

  private static ApiError invalid(String message) {
    return ApiError.constraints(List.of(new ApiError.Violation("fields", message, "QUERY")));
  }

  private static Set<String> ordered(String... names) {
    return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(List.of(names)));
  }
}
