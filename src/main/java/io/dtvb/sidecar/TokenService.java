package io.dtvb.sidecar;

import io.dtvb.dynatrace.ApiTokenInfo;
import io.dtvb.dynatrace.DeleteOutcome;
import io.dtvb.dynatrace.DynatraceConnection;
import io.dtvb.dynatrace.DynatraceException;
import io.dtvb.dynatrace.DynatraceTokenApi;
import io.dtvb.dynatrace.MintedToken;
import io.dtvb.dynatrace.TokenCreateRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Mints and deletes tokens through a connection's Dynatrace client, classifies failures for the
 * plugin, and records every upstream action as a lease event (never the token value).
 */
public final class TokenService {
  private final ConnectionService connections;
  private final LeaseEvents events;

  public TokenService(ConnectionService connections, LeaseEvents events) {
    this.connections = connections;
    this.events = events;
  }

  /** Creates a token; answers token_id, token and expiration_date. */
  public Future<JsonObject> mint(String connectionId, JsonObject body) {
    TokenCreateRequest req = parse(body);
    JsonObject lease = body.getJsonObject("lease", new JsonObject());
    JsonObject context = new JsonObject().put("connection", connectionId).put("name", req.name())
        .put("scopes", new JsonArray(req.scopes())).put("lease", lease);
    return connections.api(connectionId).create(req)
        .recover(err -> fail("mint_failed", context, err))
        .compose(minted -> events.record("minted", context.copy().put("token_id", minted.id())
            .put("expiration_date", minted.expirationDate().toString())).map(v -> answer(minted)));
  }

  /**
   * Deletes a token; a token Dynatrace no longer knows counts as done ("already_gone"). The
   * optional body {lease, cause, reason} is the plugin's audit context; cause "tidy" records the
   * deletion as "swept".
   */
  public Future<JsonObject> delete(String connectionId, String tokenId, JsonObject body) {
    JsonObject context = audit(connectionId, body).put("token_id", tokenId);
    boolean sweep = "tidy".equals(body.getString("cause"));
    boolean rotation = "rotation".equals(body.getString("cause"));
    return connections.api(connectionId).delete(tokenId)
        .recover(err -> fail("revoke_failed", context, err))
        .compose(outcome -> {
          boolean gone = outcome == DeleteOutcome.ALREADY_GONE;
          return events.record(rotation ? "rotated_root" : sweep ? "swept" : gone ? "already_gone" : "revoked",
                  gone && (sweep || rotation) ? context.copy().put("reason", context.getString("reason", "")
                      + " (token was already gone)") : context)
              .map(v -> new JsonObject().put("result", gone ? "already_gone" : "deleted"));
        });
  }

  /** Records a lease renewal the plugin reports (no Dynatrace call); the connection must be known. */
  public Future<JsonObject> renewed(String connectionId, String tokenId, JsonObject body) {
    connections.api(connectionId);
    return events.record("renewed", audit(connectionId, body).put("token_id", tokenId)).map(v -> new JsonObject());
  }

  /** The event context from the plugin's audit body: connection, lease context, reason (never secrets). */
  private static JsonObject audit(String connectionId, JsonObject body) {
    JsonObject context = new JsonObject().put("connection", connectionId);
    if (body.getValue("lease") instanceof JsonObject lease) {
      context.put("lease", lease);
    }
    if (body.getValue("reason") instanceof String reason && !reason.isBlank()) {
      context.put("reason", reason);
    }
    return context;
  }

  /**
   * Checks the minter credential with a live call: in api_token mode a lookup of the token itself
   * (it must hold apiTokens.read and apiTokens.write); in oauth mode an SSO grant and a token list;
   * in platform_token mode one small token-list page through the platform proxy.
   * Answers what Dynatrace says about the credential (owner, scopes, expiry), never the secret.
   */
  public Future<JsonObject> verify(String connectionId) {
    DynatraceConnection c = connections.settings(connectionId);
    DynatraceTokenApi api = connections.api(connectionId);
    if (c.authMode() == DynatraceConnection.AuthMode.OAUTH) {
      return api.list(null).map(tokens -> new JsonObject().put("auth_mode", "oauth")
              .put("client_id", c.oauthClientId()).put("tokens_visible", tokens.size()))
          .recover(err -> Future.failedFuture(classify(err)));
    }
    if (c.authMode() == DynatraceConnection.AuthMode.PLATFORM_TOKEN) {
      // The environment API cannot introspect a platform token: owner, scopes and expiry stay unknown.
      return api.count().map(visible -> new JsonObject().put("auth_mode", "platform_token")
              .put("token_id", c.platformTokenId()).put("tokens_visible", visible)
              .put("note", "a platform token's owner, scopes and expiry are not visible through the "
                  + "environment API; the write scope is proven by the first mint"))
          .recover(err -> Future.failedFuture(classify(err)));
    }
    return api.lookup(c.apiToken()).<JsonObject>compose(info -> {
      List<String> missing = MINTER_SCOPES.stream().filter(sc -> !info.scopes().contains(sc)).toList();
      if (!missing.isEmpty()) {
        return Future.failedFuture(ApiError.rejected(403, "the minter token " + info.id() + " lacks scope(s) "
            + String.join(", ", missing) + "; it needs apiTokens.read and apiTokens.write"));
      }
      JsonObject answer = new JsonObject().put("auth_mode", "api_token").put("token_id", info.id())
          .put("name", info.name()).put("owner", info.owner()).put("scopes", new JsonArray(info.scopes()));
      if (info.creationDate() != null) {
        answer.put("creation_date", info.creationDate().toString());
      }
      if (info.expirationDate() != null) {
        answer.put("expiration_date", info.expirationDate().toString());
      }
      return Future.succeededFuture(answer);
    }).recover(err -> Future.failedFuture(classify(err)));
  }

  private static final List<String> MINTER_SCOPES = List.of("apiTokens.read", "apiTokens.write");

  /**
   * Deletes every token whose name is exactly {@code name} (the rollback of a mint whose lease never
   * reached Vault); answers {"deleted": N}. Lists the environment's tokens page by page.
   */
  public Future<JsonObject> revokeByName(String connectionId, JsonObject body) {
    Object name = body.getValue("name");
    if (!(name instanceof String n) || n.isBlank()) {
      return Future.failedFuture(ApiError.invalid("missing or empty field \"name\""));
    }
    DynatraceTokenApi api = connections.api(connectionId);
    JsonObject context = audit(connectionId, body).put("name", n);
    return minterTokens(connections.settings(connectionId), api)
        .compose(tokens -> Future.all(tokens.stream().filter(t -> n.equals(t.name()))
            .map(t -> api.delete(t.id()).compose(outcome ->
                events.record("rolled_back", context.copy().put("token_id", t.id()))
                    .map(v -> outcome == DeleteOutcome.DELETED ? 1 : 0))).toList()))
        .map(all -> new JsonObject().put("deleted", all.<Integer>list().stream().mapToInt(Integer::intValue).sum()))
        .recover(err -> fail("revoke_failed", context.copy().put("reason", "rollback by name failed"), err));
  }

  /**
   * Lists the tokens whose names start with {@code namePrefix} among those the minter could have
   * created (tidy's view of one mount's tokens); never a token value. The prefix must be at least
   * {@value #MIN_PREFIX} characters, so a mistake cannot claim the whole environment.
   */
  public Future<JsonObject> listByPrefix(String connectionId, String namePrefix) {
    if (namePrefix == null || namePrefix.length() < MIN_PREFIX) {
      return Future.failedFuture(ApiError.invalid(
          "query parameter \"name_prefix\" must be at least " + MIN_PREFIX + " characters"));
    }
    DynatraceTokenApi api = connections.api(connectionId);
    return minterTokens(connections.settings(connectionId), api)
        .map(tokens -> {
          JsonArray out = new JsonArray();
          tokens.stream().filter(t -> t.name() != null && t.name().startsWith(namePrefix)).forEach(t -> {
            JsonObject o = new JsonObject().put("token_id", t.id()).put("name", t.name());
            if (t.creationDate() != null) {
              o.put("creation_date", t.creationDate().toString());
            }
            if (t.expirationDate() != null) {
              o.put("expiration_date", t.expirationDate().toString());
            }
            out.add(o);
          });
          return new JsonObject().put("tokens", out);
        })
        .recover(err -> Future.failedFuture(classify(err)));
  }

  private static final int MIN_PREFIX = 8;

  /**
   * The tokens the minter could have created: in api_token mode only those owned by the minter
   * token's owner (found by looking the minter up); otherwise (oauth, platform_token: the owner
   * cannot be looked up), or if that lookup fails, all tokens.
   */
  private static Future<List<ApiTokenInfo>> minterTokens(DynatraceConnection c, DynatraceTokenApi api) {
    if (c.authMode() != DynatraceConnection.AuthMode.API_TOKEN) {
      return api.list(null);
    }
    return api.lookup(c.apiToken())
        .compose(minter -> api.list("owner(\"" + minter.owner().replace("\"", "") + "\")"))
        .recover(err -> api.list(null));
  }

  private <T> Future<T> fail(String event, JsonObject context, Throwable err) {
    ApiError e = classify(err);
    String why = context.containsKey("reason") ? context.getString("reason") + ": " + e.getMessage() : e.getMessage();
    return events.record(event, context.copy().put("upstream_status", e.upstreamStatus).put("reason", why))
        .compose(v -> Future.failedFuture(e));
  }

  static ApiError classify(Throwable err) {
    if (err instanceof ApiError a) {
      return a;
    }
    if (err instanceof DynatraceException d) {
      return d.retryable() ? ApiError.retryable(d.status(), d.getMessage()) : ApiError.rejected(d.status(), d.getMessage());
    }
    return ApiError.retryable(0, "Dynatrace call failed: " + err.getMessage());
  }

  private static JsonObject answer(MintedToken t) {
    return new JsonObject().put("token_id", t.id()).put("token", t.token())
        .put("expiration_date", t.expirationDate().toString());
  }

  static TokenCreateRequest parse(JsonObject b) {
    Object name = b.getValue("name");
    if (!(name instanceof String n) || n.isBlank()) {
      throw ApiError.invalid("missing or empty field \"name\"");
    }
    if (!(b.getValue("scopes") instanceof JsonArray arr) || arr.isEmpty()) {
      throw ApiError.invalid("field \"scopes\" must be a non-empty array of strings");
    }
    List<String> scopes = new ArrayList<>();
    for (Object s : arr) {
      if (!(s instanceof String str) || str.isBlank()) {
        throw ApiError.invalid("field \"scopes\" must contain only non-empty strings");
      }
      scopes.add(str);
    }
    Instant expiry;
    try {
      expiry = Instant.parse(String.valueOf(b.getValue("expiration_date")));
    } catch (DateTimeParseException e) {
      throw ApiError.invalid("field \"expiration_date\" must be an RFC 3339 UTC time such as 2030-01-01T00:00:00Z");
    }
    Object pat = b.getValue("personal_access_token", false);
    if (!(pat instanceof Boolean p)) {
      throw ApiError.invalid("field \"personal_access_token\" must be true or false");
    }
    return new TokenCreateRequest(n, List.copyOf(scopes), expiry, p);
  }
}
