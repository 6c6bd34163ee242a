package io.dtvb.simulator;

import io.vertx.core.MultiMap;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * A parsed {@code GET /apiTokens} request: page size, selector, fields, sort, last-used window and the
 * offset reached; {@code nextPageKey} is this query serialised (so it must stand alone).
 */
record TokenListQuery(int pageSize, String selector, String fields, String sort, String from, String to,
    int offset) {
  static final int MIN_PAGE = 100;
  static final int MAX_PAGE = 10000;
  static final int DEFAULT_PAGE = 200;
  private static final Set<String> PARAMS =
      Set.of("pageSize", "apiTokenSelector", "fields", "sort", "from", "to", "nextPageKey");

  /** Parses query parameters; throws 400 {@link ApiError} for invalid values. */
  static TokenListQuery parse(MultiMap params) {
    for (String name : params.names()) {
      if (!PARAMS.contains(name)) {
        throw violation(name, "Unknown query parameter '" + name + "'.");
      }
    }
    String key = params.get("nextPageKey");
    if (key != null) {
      if (params.names().size() > 1) {
        throw violation("nextPageKey", "When nextPageKey is set, all other query parameters must be omitted.");
      }
      return decode(key);
    }
    int pageSize = DEFAULT_PAGE;
    String raw = params.get("pageSize");
    if (raw != null) {
      try {
        pageSize = Integer.parseInt(raw.trim());
      } catch (NumberFormatException e) {
        throw violation("pageSize", "must be an integer");
      }
      if (pageSize < MIN_PAGE) {
        throw violation("pageSize", "must be greater than or equal to " + MIN_PAGE);
      }
      if (pageSize > MAX_PAGE) {
        throw violation("pageSize", "must be less than or equal to " + MAX_PAGE);
      }
    }
    TokenListQuery q = new TokenListQuery(pageSize, params.get("apiTokenSelector"), params.get("fields"),
        params.get("sort"), params.get("from"), params.get("to"), 0);
    q.validate();
    return q;
  }

  /** Throws 400 if any part is malformed (selector, fields, sort, time window). */
  void validate() {
    TokenSelector.parse(selector);
    TokenFields.parse(fields);
    comparator();
    window(Instant.EPOCH);
  }

  /** The cursor for the page after this one. */
  String nextPageKey(int nextOffset) {
    JsonObject o = new JsonObject().put("pageSize", pageSize).put("selector", selector)
        .put("fields", fields).put("sort", sort).put("from", from).put("to", to).put("offset", nextOffset);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(o.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static TokenListQuery decode(String key) {
    try {
      JsonObject o = new JsonObject(new String(Base64.getUrlDecoder().decode(key), StandardCharsets.UTF_8));
      TokenListQuery q = new TokenListQuery(o.getInteger("pageSize"), o.getString("selector"),
          o.getString("fields"), o.getString("sort"), o.getString("from"), o.getString("to"),
          o.getInteger("offset"));
      q.validate();
      return q;
    } catch (IllegalArgumentException | DecodeException | ClassCastException | NullPointerException e) {
      throw violation("nextPageKey", "Invalid nextPageKey.");
    }
  }

  /** The sort order; default is creation date, newest first. Ties keep creation order. */
  Comparator<Indexed> comparator() {
    String s = sort == null || sort.isBlank() ? "-creationDate" : sort.trim();
    boolean desc = s.startsWith("-");
    String field = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
    Comparator<Indexed> c = switch (field) {
      case "name" -> Comparator.comparing(i -> i.token().name());
      case "creationDate" -> Comparator.comparing(i -> i.token().creationDate());
      case "lastUsedDate" -> Comparator.comparing(i -> i.token().lastUsedDate(),
          Comparator.nullsFirst(Comparator.naturalOrder()));
      case "modifiedDate" -> Comparator.comparing(i -> i.token().modifiedDate(),
          Comparator.nullsFirst(Comparator.naturalOrder()));
      case "expirationDate" -> Comparator.comparing(i -> i.token().expirationDate(),
          Comparator.nullsLast(Comparator.naturalOrder()));
      default -> throw violation("sort", "Unknown sort field '" + field + "'.");
    };
    c = c.thenComparingInt(Indexed::index);
    return desc ? c.reversed() : c;
  }

  /** The last-used window {from, to}, or null when neither bound is set. */
  Instant[] window(Instant now) {
    if (from == null && to == null) {
      return null;
    }
    try {
      Instant f = from == null ? Instant.MIN : ExpirationDates.parse(from, now);
      Instant t = to == null ? now : ExpirationDates.parse(to, now);
      return new Instant[] {f, t};
    } catch (IllegalArgumentException e) {
      throw violation(from != null ? "from" : "to", e.getMessage());
    }
  }

  /** A token with its position in creation order (the tiebreaker). */
  record Indexed(StoredToken token, int index) {}

  private static ApiError violation(String path, String message) {
    return ApiError.constraints(List.of(new ApiError.Violation(path, message, "QUERY")));
  }
}
