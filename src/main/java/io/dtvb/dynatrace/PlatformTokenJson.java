package io.dtvb.dynatrace;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Maps the Account Management API's JSON to and from the client's records. Reading is lenient
 * (real answers differ from the documented DTOs [field-reported]): unknown fields are ignored,
 * numbers may come as strings and strings as numbers, dates are ISO-8601 with or without
 * milliseconds or zone (UTC assumed), an unreadable date reads as absent.
 */
final class PlatformTokenJson {
  private PlatformTokenJson() {}

  /** The GeneratePlatformTokenForm body: tags and userUuid only when set; expirationDate in UTC millis. */
  static JsonObject createBody(PlatformTokenCreate request) {
    JsonObject body = new JsonObject().put("name", request.name())
        .put("scope", new JsonArray(new ArrayList<>(request.scopes())))
        .put("resource", new JsonArray(new ArrayList<>(request.resources())));
    if (!request.tags().isEmpty()) {
      body.put("tags", new JsonArray(new ArrayList<>(request.tags())));
    }
    body.put("expirationDate", ApiTokenJson.formatDate(request.expirationDate()));
    if (request.userUuid() != null) {
      body.put("userUuid", request.userUuid());
    }
    return body;
  }

  /** The PlatformTokenSecret answer {@code {name, tokenId, token}}; the id is derived from the token if absent. */
  static MintedToken minted(JsonObject body, Instant expirationSent) {
    String token = string(body, "token");
    if (token == null || token.isBlank()) {
      throw invalid("create answer has no token");
    }
    String id = string(body, "tokenId");
    if (id == null || id.isBlank()) {
      id = DynatraceConnection.publicId(token);
      if (id == null) {
        throw invalid("create answer has no tokenId and its token is not of the form <prefix>.<id>.<secret>");
      }
    }
    return new MintedToken(id, token, expirationSent);
  }

  /** One item of a list page. */
  static PlatformTokenInfo info(JsonObject o) {
    return new PlatformTokenInfo(string(o, "tokenId"), string(o, "name"), string(o, "owner"), string(o, "userUuid"),
        strings(o.getValue("scope")), strings(o.getValue("resource")), strings(o.getValue("tags")),
        string(o, "status"), date(o.getValue("createdAt")), date(o.getValue("expirationDate")));
  }

  /** The items of a list page ({@code results}); non-objects are skipped. */
  static List<JsonObject> results(JsonObject page) {
    List<JsonObject> out = new ArrayList<>();
    if (page.getValue("results") instanceof JsonArray array) {
      array.forEach(v -> {
        if (v instanceof JsonObject o) {
          out.add(o);
        }
      });
    }
    return out;
  }

  /** A list page's {@code total}, or -1 when it has none. */
  static long total(JsonObject page) {
    Long n = number(page.getValue("total"));
    return n == null ? -1 : n;
  }

  /**
   * The limits answer: a top-level array, or an object holding it under {@code items}, {@code limits}
   * or {@code results}. Entries without a type or limit value are skipped.
   */
  static List<AccountLimit> limits(Object body) {
    Object raw = body;
    if (body instanceof JsonObject o) {
      raw = o.getValue("items") != null ? o.getValue("items")
          : o.getValue("limits") != null ? o.getValue("limits") : o.getValue("results");
    }
    if (!(raw instanceof JsonArray array)) {
      throw invalid("limits answer holds no list");
    }
    List<AccountLimit> out = new ArrayList<>();
    for (Object v : array) {
      if (v instanceof JsonObject o) {
        String type = string(o, "limitType") != null ? string(o, "limitType") : string(o, "type");
        Long limit = number(o.getValue("limitValue"));
        Long current = number(o.getValue("currentValue"));
        if (type != null && limit != null) {
          out.add(new AccountLimit(type, limit, current == null ? 0 : current));
        }
      }
    }
    return List.copyOf(out);
  }

  /**
   * The {@code sub} claim of a bearer that is a JWT ({@code Bearer <header>.<payload>.<signature>},
   * payload base64url), read without verification; null when it is not a JWT or has no string sub.
   */
  static String jwtSubject(String authorization) {
    if (authorization == null) {
      return null;
    }
    String jwt = authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).trim() : authorization;
    String[] parts = jwt.split("\\.", -1);
    if (parts.length != 3 || parts[1].isEmpty()) {
      return null;
    }
    try {
      JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
      return claims.getValue("sub") instanceof String sub && !sub.isBlank() ? sub : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static Instant date(Object raw) {
    if (raw instanceof Number n) {
      return Instant.ofEpochMilli(n.longValue());
    }
    if (!(raw instanceof String s) || s.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s.trim()).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(s.trim()).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  private static List<String> strings(Object raw) {
    List<String> out = new ArrayList<>();
    if (raw instanceof JsonArray array) {
      array.forEach(v -> {
        if (v != null) {
          out.add(String.valueOf(v));
        }
      });
    } else if (raw instanceof String s && !s.isBlank()) {
      out.addAll(List.of(s.trim().split("\\s+")));
    }
    return out;
  }

  private static Long number(Object raw) {
    if (raw instanceof Number n) {
      return n.longValue();
    }
    if (raw instanceof String s) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static String string(JsonObject o, String field) {
    Object v = o.getValue(field);
    return v == null || v instanceof JsonObject || v instanceof JsonArray ? null : String.valueOf(v);
  }

  private static DynatraceException invalid(String what) {
    return new DynatraceException(0, false, "Dynatrace answered with an unexpected body: " + what);
  }
}
