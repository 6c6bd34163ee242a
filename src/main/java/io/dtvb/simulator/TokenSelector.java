package io.dtvb.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The {@code apiTokenSelector} filter: comma-joined criteria (AND) among {@code owner("…")},
 * {@code personalAccessToken(true|false)} and {@code scope("a","b")} (OR within). {@code ~} escapes.
 */
final class TokenSelector {
  private final String text;
  private int pos;

  private TokenSelector(String text) {
    this.text = text;
  }

  /** Parses the selector; a blank one matches every token. Throws 400 {@link ApiError} if malformed. */
  static Predicate<StoredToken> parse(String raw) {
    if (raw == null || raw.isBlank()) {
      return t -> true;
    }
    return new TokenSelector(raw.trim()).criteria();
  }

  private Predicate<StoredToken> criteria() {
    Predicate<StoredToken> all = t -> true;
    while (true) {
      all = all.and(criterion());
      skipSpaces();
      if (pos == text.length()) {
        return all;
      }
      expect(',');
    }
  }

  private Predicate<StoredToken> criterion() {
    skipSpaces();
    int start = pos;
    while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
      pos++;
    }
    String name = text.substring(start, pos);
    expect('(');
    List<String> args = new ArrayList<>();
    skipSpaces();
    while (pos < text.length() && text.charAt(pos) != ')') {
      args.add(argument());
      skipSpaces();
      if (pos < text.length() && text.charAt(pos) == ',') {
        pos++;
        skipSpaces();
      }
    }
    expect(')');
    return build(name, args);
  }

  private Predicate<StoredToken> build(String name, List<String> args) {
    switch (name) {
      case "owner" -> {
        requireOne(name, args);
        String owner = args.get(0);
        return t -> owner.equals(t.owner());
      }
      case "personalAccessToken" -> {
        requireOne(name, args);
        String v = args.get(0);
        if (!v.equals("true") && !v.equals("false")) {
          throw invalid("personalAccessToken() takes true or false.");
        }
        boolean pat = Boolean.parseBoolean(v);
        return t -> t.personalAccessToken() == pat;
      }
      case "scope" -> {
        if (args.isEmpty()) {
          throw invalid("scope() needs at least one scope.");
        }
        return t -> t.scopes().stream().anyMatch(args::contains);
      }
      default -> throw invalid("Unknown selector criterion '" + name + "'.");
    }
  }

  private String argument() {
    if (pos < text.length() && text.charAt(pos) == '"') {
      pos++;
      StringBuilder b = new StringBuilder();
      while (pos < text.length() && text.charAt(pos) != '"') {
        char c = text.charAt(pos++);
        if (c == '~' && pos < text.length()) {
          c = text.charAt(pos++);
        }
        b.append(c);
      }
      expect('"');
      return b.toString();
    }
    int start = pos;
    while (pos < text.length() && text.charAt(pos) != ',' && text.charAt(pos) != ')') {
      pos++;
    }
    return text.substring(start, pos).trim();
  }

  private void requireOne(String name, List<String> args) {
    if (args.size() != 1) {
      throw invalid(name + "() takes exactly one value.");
    }
  }

  private void expect(char c) {
    if (pos >= text.length() || text.charAt(pos) != c) {
      throw invalid("Invalid apiTokenSelector near position " + pos + ": expected '" + c + "'.");
    }
    pos++;
  }

  private void skipSpaces() {
    while (pos < text.length() && text.charAt(pos) == ' ') {
      pos++;
    }
  }

  private static ApiError invalid(String message) {
    return ApiError.constraints(List.of(new ApiError.Violation("apiTokenSelector", message, "QUERY")));
  }
}
