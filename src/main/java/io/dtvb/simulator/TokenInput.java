package io.dtvb.simulator;

import io.dtvb.simulator.ApiError.Violation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A validated ApiTokenCreate / ApiTokenUpdate body; validation failures become 400 constraint violations. */
record TokenInput(String name, List<String> scopes, Instant expirationDate, boolean personalAccessToken,
    Boolean enabled) {

  /** Validates a create body: name and scopes required, expirationDate optional and in the future. */
  static TokenInput forCreate(JsonObject body, Instant now) {
    List<Violation> v = new ArrayList<>();
    String name = name(body, v);
    List<String> scopes = scopes(body, v);
    Instant expiration = expiration(body.getValue("expirationDate"), now, v);
    Boolean pat = bool(body, "personalAccessToken", v);
    if (!v.isEmpty()) {
      throw ApiError.constraints(v);
    }
    return new TokenInput(name, scopes, expiration, Boolean.TRUE.equals(pat), null);
  }

  /** Validates an update body: only name, scopes and enabled are read; other keys are ignored. */
  static TokenInput forUpdate(JsonObject body) {
    List<Violation> v = new ArrayList<>();
    String name = body.containsKey("name") ? name(body, v) : null;
    List<String> scopes = body.containsKey("scopes") ? scopes(body, v) : null;
    Boolean enabled = bool(body, "enabled", v);
    if (!v.isEmpty()) {
      throw ApiError.constraints(v);
    }
    return new TokenInput(name, scopes, null, false, enabled);
  }

  private static String name(JsonObject body, List<Violation> v) {
    Object raw = body.getValue("name");
    if (raw == null) {
      v.add(body("name", "must not be null"));
      return null;
    }
    if (!(raw instanceof String s) || s.isBlank()) {
      v.add(body("name", "must not be blank"));
      return null;
    }
    return s;
  }

  private static List<String> scopes(JsonObject body, List<Violation> v) {
    Object raw = body.getValue("scopes");
    if (raw == null) {
      v.add(body("scopes", "must not be null"));
      return null;
    }
    if (!(raw instanceof JsonArray array) || array.isEmpty()) {
      v.add(body("scopes", "must not be empty"));
      return null;
    }
    List<String> scopes = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      Object s = array.getValue(i);
      if (!(s instanceof String scope) || !ScopeCatalog.isCreatable(scope)) {
        v.add(body("scopes[" + i + "]", "Invalid scope '" + s + "'. It is not one of the creatable token scopes."));
      } else if (!scopes.contains(scope)) {
        scopes.add(scope);
      }
    }
    return scopes;
  }

  private static Instant expiration(Object raw, Instant now, List<Violation> v) {
    if (raw == null) {
      return null;
    }
    if (!(raw instanceof String) && !(raw instanceof Number)) {
      v.add(body("expirationDate", "must be a string"));
      return null;
    }
    try {
      Instant at = ExpirationDates.parse(String.valueOf(raw), now);
      if (!at.isAfter(now)) {
        v.add(body("expirationDate", "The expiration date must not be in the past."));
        return null;
      }
      return at;
    } catch (IllegalArgumentException e) {
      v.add(body("expirationDate", e.getMessage()));
      return null;
    }
  }

  private static Boolean bool(JsonObject body, String field, List<Violation> v) {
    Object raw = body.getValue(field);
    if (raw == null) {
      return null;
    }
    if (!(raw instanceof Boolean b)) {
      v.add(body(field, "must be a boolean"));
      return null;
    }
    return b;
  }

  private static Violation body(String path, String message) {
    return new Violation(path, message, "PAYLOAD_BODY");
  }
}
