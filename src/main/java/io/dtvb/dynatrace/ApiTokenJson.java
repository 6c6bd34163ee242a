package io.dtvb.dynatrace;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Maps Dynatrace's token JSON to and from the client's records; dates are ISO-8601 UTC milliseconds. */
final class ApiTokenJson {
  private static final DateTimeFormatter OUTPUT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private ApiTokenJson() {}

  /** An absolute expiration as Dynatrace documents it: {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'}. */
  static String formatDate(Instant instant) {
    return OUTPUT.format(instant.truncatedTo(ChronoUnit.MILLIS));
  }

  /** Parses an ISO-8601 date with zone (Dynatrace answers in UTC 'Z'); null stays null. */
  static Instant parseDate(Object raw, String field) {
    if (raw == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(String.valueOf(raw)).toInstant();
    } catch (DateTimeParseException e) {
      throw invalid("unparseable " + field + " '" + raw + "'");
    }
  }

  /** The ApiTokenCreate body for a request. */
  static JsonObject createBody(TokenCreateRequest request) {
    JsonObject body = new JsonObject().put("name", request.name())
        .put("scopes", new JsonArray(new ArrayList<>(request.scopes())))
        .put("personalAccessToken", request.personalAccessToken());
    if (request.expirationDate() != null) {
      body.put("expirationDate", formatDate(request.expirationDate()));
    }
    return body;
  }

  /** The ApiTokenCreated answer. */
  static MintedToken minted(JsonObject body) {
    String id = string(body, "id");
    String token = string(body, "token");
    if (token == null) {
      throw invalid("create answer has no token");
    }
    if (id == null) {
      int second = token.indexOf('.', token.indexOf('.') + 1);
      id = second < 0 ? null : token.substring(0, second);
    }
    return new MintedToken(id, token, parseDate(body.getValue("expirationDate"), "expirationDate"));
  }

  /** An ApiToken object. */
  static ApiTokenInfo info(JsonObject o) {
    List<String> scopes = new ArrayList<>();
    Object raw = o.getValue("scopes");
    if (raw instanceof JsonArray array) {
      array.forEach(s -> scopes.add(String.valueOf(s)));
    }
    Object enabled = o.getValue("enabled");
    return new ApiTokenInfo(string(o, "id"), string(o, "name"),
        enabled == null || Boolean.TRUE.equals(enabled) || "true".equals(enabled), string(o, "owner"),
        List.copyOf(scopes), parseDate(o.getValue("creationDate"), "creationDate"),
        parseDate(o.getValue("expirationDate"), "expirationDate"));
  }

  private static String string(JsonObject o, String field) {
    Object v = o.getValue(field);
    return v == null ? null : String.valueOf(v);
  }

  private static DynatraceException invalid(String what) {
    return new DynatraceException(0, false, "Dynatrace answered with an unexpected body: " + what);
  }
}
