package io.dtvb.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A validated {@code GeneratePlatformTokenForm}: {@code name}, {@code scope[]}, {@code resource[]},
 * {@code tags[]}, {@code expirationDate}, {@code userUuid}.
 *
 * <ul>
 *   <li>A field of the wrong JSON type (e.g. {@code scope} as a space-delimited string) is
 *       {@code 400 "Problem with json mapping."} (field-reported for scope; inferred for the others).
 *   <li>An unknown scope is {@code 400 "Invalid scopes"} (field-reported); an empty scope list too
 *       (inferred).
 *   <li>{@code name} is required and at most 255 characters (documented).
 *   <li>{@code resource} must list at least one URN, each the account's ({@code urn:dtaccount:<uuid>})
 *       or one of its environments' ({@code urn:dtenvironment:<id>}: the simulated one or its sibling)
 *       (inferred: the docs mark it required and every observed client sends it).
 *   <li>A missing or null {@code expirationDate} means the token never expires (field-reported); a
 *       date that is not in the future is 400 (inferred).
 *   <li>{@code tags} and {@code userUuid} are optional (field-reported although documented as required).
 * </ul>
 */
record PlatformTokenForm(String name, List<String> scopes, List<String> resource, List<String> tags,
    Instant expirationDate, String userUuid) {
  /** The field-reported answer for a body that does not map onto the form. */
  static final String JSON_MAPPING = "Problem with json mapping.";
  /** The field-reported answer for an unknown scope. */
  static final String INVALID_SCOPES = "Invalid scopes";
  static final int MAX_NAME = 255;

  static PlatformTokenForm parse(JsonObject body, Instant now, Set<String> knownResources) {
    Object name = typed(body, "name", String.class);
    List<String> scopes = strings(body, "scope");
    List<String> resource = strings(body, "resource");
    List<String> tags = strings(body, "tags");
    Object expiration = typed(body, "expirationDate", String.class);
    Object userUuid = typed(body, "userUuid", String.class);
    String n = (String) name;
    if (n == null || n.isBlank()) {
      throw AccountError.badRequest("Field 'name' is required.");
    }
    if (n.length() > MAX_NAME) {
      throw AccountError.badRequest("Field 'name' must not be longer than " + MAX_NAME + " characters.");
    }
    if (scopes == null || scopes.isEmpty() || !scopes.stream().allMatch(ScopeCatalog::isPlatformScope)) {
      throw AccountError.badRequest(INVALID_SCOPES);
    }
    if (resource == null || resource.isEmpty()) {
      throw AccountError.badRequest("Field 'resource' must name at least one resource.");
    }
    for (String r : resource) {
      if (!knownResources.contains(r)) {
        throw AccountError.badRequest("Invalid resource: " + r);
      }
    }
    Instant expiry = expiration == null ? null : futureDate((String) expiration, now);
    return new PlatformTokenForm(n, scopes, resource, tags == null ? List.of() : tags, expiry,
        (String) userUuid);
  }

  /** Parses an RFC 3339 date that must lie after {@code now}; 400 otherwise. */
  static Instant futureDate(String text, Instant now) {
    Instant at;
    try {
      at = OffsetDateTime.parse(text.trim(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant()
          .truncatedTo(ChronoUnit.MILLIS);
    } catch (DateTimeParseException e) {
      throw AccountError.badRequest("Invalid expirationDate '" + text
          + "': expected an RFC 3339 date-time such as 2026-10-01T00:00:00.000Z.");
    }
    if (!at.isAfter(now)) {
      throw AccountError.badRequest("Field 'expirationDate' must be in the future.");
    }
    if (at.isAfter(ExpirationDates.LATEST)) {
      throw AccountError.badRequest("Field 'expirationDate' is too far in the future.");
    }
    return at;
  }

  private static Object typed(JsonObject body, String field, Class<?> type) {
    Object v = body.getValue(field);
    if (v != null && !type.isInstance(v)) {
      throw AccountError.badRequest(JSON_MAPPING);
    }
    return v;
  }

  private static List<String> strings(JsonObject body, String field) {
    Object v = typed(body, field, JsonArray.class);
    if (v == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (Object item : (JsonArray) v) {
      if (!(item instanceof String s)) {
        throw AccountError.badRequest(JSON_MAPPING);
      }
      out.add(s);
    }
    return out;
  }
}
