package io.dtvb.sidecar;

import io.dtvb.dynatrace.ApiTokenInfo;
import io.dtvb.dynatrace.DeleteOutcome;
import io.dtvb.dynatrace.DynatraceConnection;
import io.dtvb.dynatrace.DynatraceTokenApi;
import io.dtvb.dynatrace.MintedToken;
import io.dtvb.dynatrace.TokenCreateRequest;
import io.dtvb.leaselog.LeaseLog;
import io.dtvb.sidecar.ConnectionService.Connection;
import io.dtvb.sidecar.LeaseRecorder.Fact;
import io.dtvb.sidecar.LeaseRecorder.Operation;
import io.dtvb.sidecar.LeaseRecorder.Outcome;
import io.dtvb.sidecarapi.CredentialInfo;
import io.dtvb.sidecarapi.DeleteResult;
import io.dtvb.sidecarapi.LeaseContext;
import io.dtvb.sidecarapi.ListedToken;
import io.dtvb.sidecarapi.MintRequest;
import io.dtvb.sidecarapi.MintedCredential;
import io.dtvb.sidecarapi.MinterRequest;
import io.dtvb.sidecarapi.RollbackRequest;
import io.dtvb.sidecarapi.RollbackResult;
import io.dtvb.sidecarapi.TokenAction;
import io.dtvb.sidecarapi.TokenListing;
import io.dtvb.sidecarapi.TokenType;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * Mints and deletes tokens through a connection's Dynatrace client within the operator's policy,
 * classifies failures for the plugin, and records every upstream action in the lease log (never
 * the token value). A mint the log cannot record is undone; a revocation the log cannot record
 * stands and its entry is retried.
 */
final class TokenService {
  private static final List<String> MINTER_SCOPES = List.of("apiTokens.read", "apiTokens.write");
  static final int MIN_PREFIX = 8;

  /** What a Vault caller is told when a Phase 3 environment refuses a classic create. */
  static final String CLASSIC_RETIRED = "this Dynatrace environment no longer allows creating classic access"
      + " tokens (a \"Phase 3\" environment; Dynatrace answered: Creation of new tokens is now only available in"
      + " Account Management). Switch the role to platform tokens: write the role with token_type=platform and"
      + " platform scopes (e.g. storage:logs:read instead of logs.read), and configure the mount's account side"
      + " (account_uuid, account_client_id, account_client_secret); see docs/dynatrace-setup.md";

  private final LeaseRecorder recorder;
  private final SidecarPolicy policy;
  private final MintRate rate;
  private final PlatformTokenService platform;

  TokenService(LeaseRecorder recorder, SidecarPolicy policy, MintRate rate, java.time.Duration accountCacheTtl) {
    this.recorder = recorder;
    this.policy = policy;
    this.rate = rate;
    this.platform = new PlatformTokenService(java.time.Clock.systemUTC(), accountCacheTtl);
  }

  /** Creates a lease's token (classic or platform, as the lease says) within the policy (scopes, lifetime, rate). */
  Future<MintedCredential> mint(Connection c, MintRequest req) {
    policy.checkScopes(req.scopes());
    policy.checkLifetime("max_token_lifetime", req.expirationDate(), Instant.now());
    if (req.tokenType() == TokenType.PLATFORM) {
      c.accountSide();
      rate.take(c.id());
      return create(c, Operation.MINT, req.name(), req.scopes(), req.lease(), () -> platform.create(c, req));
    }
    DynatraceTokenApi api = c.classic();
    rate.take(c.id());
    TokenCreateRequest create = new TokenCreateRequest(req.name(), req.scopes(), req.expirationDate(),
        req.personalAccessToken());
    return create(c, Operation.MINT, req.name(), req.scopes(), req.lease(), () -> api.create(create)
        .recover(err -> Future.failedFuture(retired(c, err))));
  }

  /** A Phase 3 refusal of a classic create becomes the advice to switch to platform tokens (and is remembered). */
  private static Throwable retired(Connection c, Throwable err) {
    if (err instanceof io.dtvb.dynatrace.DynatraceException d && d.classicCreationRetired()) {
      c.classicCreationRetired().set(true);
      return ApiError.rejected(d.status(), CLASSIC_RETIRED);
    }
    return err;
  }

  /** Creates a replacement minter with the current minter's own scopes (api_token mode only). */
  Future<MintedCredential> mintMinter(Connection c, MinterRequest req) {
    if (c.dynatrace() == null || c.dynatrace().authMode() != DynatraceConnection.AuthMode.API_TOKEN) {
      return Future.failedFuture(ApiError.invalid("a replacement minter token exists only in api_token mode"));
    }
    policy.checkLifetime("max_minter_lifetime", req.expirationDate(), Instant.now());
    rate.take(c.id());
    return c.api().lookup(c.dynatrace().apiToken())
        .recover(err -> Future.failedFuture(ApiError.classify(err)))
        .compose(minter -> create(c, Operation.MINTER, req.name(), minter.scopes(), req.lease(),
            () -> c.api().create(new TokenCreateRequest(req.name(), minter.scopes(), req.expirationDate(), false))
                .recover(err -> Future.failedFuture(retired(c, err)))));
  }

  private Future<MintedCredential> create(Connection c, Operation op, String name, List<String> scopes,
      LeaseContext lease, java.util.function.Supplier<Future<MintedToken>> call) {
    Fact base = new Fact(c.id(), c, null, name, scopes, lease, null, 0);
    return Future.<Void>succeededFuture().compose(v -> call.get())
        .recover(err -> failed(op, base, err))
        .compose(minted -> recorder.record(op, Outcome.DONE, withToken(base, minted.id()))
            .map(v -> answer(minted))
            .recover(err -> undo(c, minted, err)));
  }

  /** The log could not record the mint: delete the token again and fail retryably (audit-device rule). */
  private Future<MintedCredential> undo(Connection c, MintedToken minted, Throwable err) {
    SidecarLog.log("error", "lease log cannot record a mint: deleting the token again",
        new io.vertx.core.json.JsonObject().put("connection", c.id()).put("token_id", minted.id()));
    ApiError refusal = ApiError.retryable(0, "the lease log cannot record the mint, so the token " + minted.id()
        + " was deleted again; retry when the lease log works");
    return deleteAny(c, minted.id()).transform(ar -> {
      if (ar.failed()) {
        SidecarLog.log("error", "deleting an unrecorded token failed; it expires at its expiration date",
            new io.vertx.core.json.JsonObject().put("connection", c.id()).put("token_id", minted.id()));
      }
      return Future.failedFuture(refusal);
    });
  }

  /** Revokes a lease's token; already gone counts as done. Never a token the log shows another connection minted. */
  Future<DeleteResult> revoke(Connection c, String tokenId, TokenAction a) {
    return notAnotherConnections(c, tokenId).compose(v -> delete(c, Operation.REVOKE, tokenId, a));
  }

  /** Deletes an orphan tidy found; never a token the log shows another connection minted. */
  Future<DeleteResult> sweep(Connection c, String tokenId, TokenAction a) {
    return notAnotherConnections(c, tokenId).compose(v -> delete(c, Operation.SWEEP, tokenId, a));
  }

  /**
   * Refuses a token the lease log shows was minted by another connection (two mounts may share a
   * Dynatrace environment and even a minter; neither may delete the other's tokens). Tokens the
   * log does not know (minted before it existed) stay deletable, so old leases remain revocable.
   */
  private Future<Void> notAnotherConnections(Connection c, String tokenId) {
    return recorder.tokenStatus(c.id(), tokenId).compose(status -> status == LeaseLog.TokenStatus.OTHER_CONNECTION
        ? Future.failedFuture(ApiError.forbidden("token " + tokenId + " was minted by another connection; connection \""
            + c.id() + "\" may not delete it"))
        : Future.succeededFuture());
  }

  /**
   * Deletes a replaced or undone minter token: only one of this connection's former minters or a
   * token this connection's log entries show it minted.
   */
  Future<DeleteResult> retire(Connection c, String tokenId, TokenAction a, boolean formerMinter) {
    return recorder.tokenStatus(c.id(), tokenId).compose(status -> {
      if (!formerMinter && status != LeaseLog.TokenStatus.LIVE) {
        return Future.failedFuture(ApiError.forbidden("token " + tokenId + " is neither a former minter of"
            + " connection \"" + c.id() + "\" nor a token it minted; it cannot be retired through it"));
      }
      return delete(c, Operation.RETIRE, tokenId, a);
    });
  }

  /** Deletes a token through the API that holds it: platform tokens through the account side. */
  private Future<DeleteOutcome> deleteAny(Connection c, String tokenId) {
    return Future.<Void>succeededFuture().compose(v -> TokenType.ofTokenId(tokenId) == TokenType.PLATFORM
        ? platform.delete(c, tokenId) : c.classic().delete(tokenId));
  }

  private Future<DeleteResult> delete(Connection c, Operation op, String tokenId, TokenAction a) {
    Fact base = new Fact(c.id(), c, tokenId, null, null, a.lease(), a.reason(), 0);
    return deleteAny(c, tokenId)
        .recover(err -> failed(op, base, err))
        .compose(outcome -> {
          boolean gone = outcome == DeleteOutcome.ALREADY_GONE;
          Fact f = gone && op != Operation.REVOKE ? note(base, "token was already gone") : base;
          return recorder.recordOrQueue(op, gone ? Outcome.ALREADY_GONE : Outcome.DONE, f)
              .map(v -> gone ? DeleteResult.ALREADY_GONE : DeleteResult.DELETED);
        });
  }

  /**
   * Records a renewal the plugin reports, only for a token the log shows this connection minted
   * and not yet revoked; otherwise refuses and records nothing.
   */
  Future<Void> renewed(Connection c, String tokenId, TokenAction a) {
    if (a.expirationDate() != null && TokenType.ofTokenId(tokenId) != TokenType.PLATFORM) {
      return Future.failedFuture(ApiError.invalid("expiration_date: a classic token's expiry is fixed at mint;"
          + " only a platform token's expiry follows its lease"));
    }
    if (!recorder.logOn()) {
      return renew(c, tokenId, a);
    }
    return recorder.tokenStatus(c.id(), tokenId).compose(status -> switch (status) {
      case LIVE -> renew(c, tokenId, a);
      case REVOKED -> Future.failedFuture(ApiError.invalid("token " + tokenId
          + " was revoked; the lease log records no renewal of a revoked token"));
      default -> Future.failedFuture(new ApiError(io.dtvb.sidecarapi.ErrorKind.NOT_FOUND, 0, "the lease log has no"
          + " token " + tokenId + " minted by connection \"" + c.id() + "\"; no renewal recorded"));
    });
  }

  /**
   * Moves a platform token's expiry (when the action carries one), then records the renewal; a
   * move Dynatrace refuses or cannot take fails the call (the plugin then refuses the renewal) and
   * is recorded as a failed renewal.
   */
  private Future<Void> renew(Connection c, String tokenId, TokenAction a) {
    Fact f = new Fact(c.id(), c, tokenId, null, null, a.lease(), a.reason(), 0);
    if (a.expirationDate() == null) {
      return recorder.record(Operation.RENEWED, Outcome.DONE, f);
    }
    Instant expiry = a.expirationDate();
    return Future.<Void>succeededFuture()
        .compose(v -> {
          policy.checkLifetime("max_token_lifetime", expiry, Instant.now());
          return platform.moveExpiry(c, tokenId, expiry);
        })
        .recover(err -> failed(Operation.RENEWED, note(f, "the token's expiry could not be moved to " + expiry), err))
        .compose(v -> recorder.record(Operation.RENEWED, Outcome.DONE, note(f, "token expiry moved to " + expiry)));
  }

  /** Deletes the token with exactly this name among the minter's tokens; answers how many were deleted. */
  Future<RollbackResult> revokeByName(Connection c, RollbackRequest req) {
    Fact base = new Fact(c.id(), c, null, req.name(), null, req.lease(), req.reason(), 0);
    return named(c, req.name())
        .compose(ids -> Future.all(ids.stream()
            .map(id -> deleteAny(c, id).compose(outcome ->
                recorder.recordOrQueue(Operation.REVOKE_BY_NAME, Outcome.DONE, withToken(base, id))
                    .map(v -> outcome == DeleteOutcome.DELETED ? 1 : 0))).toList()))
        .map(all -> new RollbackResult(all.<Integer>list().stream().mapToInt(Integer::intValue).sum()))
        .recover(err -> failed(Operation.REVOKE_BY_NAME, note(base, "rollback by name failed"), err));
  }

  /** The ids of the tokens with exactly this name, classic (the minter's) and platform (the account's). */
  private Future<List<String>> named(Connection c, String name) {
    Future<List<String>> classic = !c.hasClassic() ? Future.succeededFuture(List.of())
        : minterTokens(c).map(ts -> ts.stream().filter(t -> name.equals(t.name())).map(ApiTokenInfo::id).toList());
    Future<List<String>> platformIds = c.account() == null ? Future.succeededFuture(List.of())
        : platform.search(c, name).map(ts -> ts.stream().filter(t -> name.equals(t.name()))
            .map(io.dtvb.dynatrace.PlatformTokenInfo::tokenId).toList());
    return Future.all(classic, platformIds).map(v -> {
      List<String> all = new java.util.ArrayList<>(classic.result());
      all.addAll(platformIds.result());
      return all;
    });
  }

  /**
   * The connection's tokens whose names start with the prefix (at least {@value #MIN_PREFIX}
   * characters): the classic minter's and the account side's platform tokens.
   */
  Future<TokenListing> listByPrefix(Connection c, String prefix) {
    if (prefix == null || prefix.length() < MIN_PREFIX) {
      return Future.failedFuture(ApiError.invalid(
          "query parameter \"name_prefix\" must be at least " + MIN_PREFIX + " characters"));
    }
    Predicate<ApiTokenInfo> ours = t -> t.name() != null && t.name().startsWith(prefix);
    Future<List<ListedToken>> classic = !c.hasClassic() ? Future.succeededFuture(List.of())
        : minterTokens(c).map(tokens -> tokens.stream().filter(ours)
            .map(t -> new ListedToken(t.id(), t.name(), t.creationDate(), t.expirationDate())).toList());
    Future<List<ListedToken>> platformTokens = c.account() == null ? Future.succeededFuture(List.of())
        : platform.listByPrefix(c, prefix);
    return Future.all(classic, platformTokens).map(v -> {
      List<ListedToken> all = new java.util.ArrayList<>(classic.result());
      all.addAll(platformTokens.result());
      return new TokenListing(all);
    }).recover(err -> Future.failedFuture(ApiError.classify(err)));
  }

  /**
   * Checks a credential with a live call: api_token mode looks the token up (it must hold
   * apiTokens.read and apiTokens.write); oauth lists tokens; platform_token counts them.
   */
  Future<CredentialInfo> verify(Connection c) {
    Future<CredentialInfo> classic = c.hasClassic() ? verifyClassic(c)
        : Future.succeededFuture(new CredentialInfo("none", null, null, null, null, null, null, null, null,
            "no classic minter (auth_mode none): only platform tokens are minted"));
    return classic.compose(info -> (c.account() == null ? Future.<io.dtvb.sidecarapi.AccountInfo>succeededFuture(null)
            : platform.verify(c))
        .map(account -> info.with(account, c.classicCreationRetired().get()
            ? CredentialInfo.CLASSIC_CREATION_DISABLED : null)))
        .recover(err -> Future.failedFuture(ApiError.classify(err)));
  }

  private static Future<CredentialInfo> verifyClassic(Connection c) {
    DynatraceConnection d = c.dynatrace();
    DynatraceTokenApi api = c.api();
    Future<CredentialInfo> out = switch (d.authMode()) {
      case OAUTH -> api.list(null).map(tokens -> new CredentialInfo("oauth", null, null, null, null, null, null,
          d.oauthClientId(), tokens.size(), null));
      case PLATFORM_TOKEN -> api.count().map(visible -> new CredentialInfo("platform_token", d.platformTokenId(),
          null, null, null, null, null, null, visible, "a platform token's owner, scopes and expiry are not visible"
              + " through the environment API; the write scope is proven by the first mint"));
      case API_TOKEN -> api.lookup(d.apiToken()).compose(info -> {
        List<String> missing = MINTER_SCOPES.stream().filter(s -> !info.scopes().contains(s)).toList();
        if (!missing.isEmpty()) {
          return Future.failedFuture(ApiError.rejected(403, "the minter token " + info.id() + " lacks scope(s) "
              + String.join(", ", missing) + "; it needs apiTokens.read and apiTokens.write"));
        }
        return Future.succeededFuture(new CredentialInfo("api_token", info.id(), info.name(), info.owner(),
            info.scopes(), info.creationDate(), info.expirationDate(), null, null, null));
      });
    };
    return out.recover(err -> Future.failedFuture(ApiError.classify(err)));
  }

  /** In api_token mode the tokens of the minter's owner; otherwise (or if the lookup fails) all. */
  private static Future<List<ApiTokenInfo>> minterTokens(Connection c) {
    DynatraceTokenApi api = c.api();
    if (c.dynatrace().authMode() != DynatraceConnection.AuthMode.API_TOKEN) {
      return api.list(null);
    }
    return api.lookup(c.dynatrace().apiToken())
        .compose(minter -> api.list("owner(\"" + minter.owner().replace("\"", "") + "\")"))
        .recover(err -> api.list(null));
  }

  private <T> Future<T> failed(Operation op, Fact f, Throwable err) {
    ApiError e = ApiError.classify(err);
    String why = f.reason() != null ? f.reason() + ": " + e.getMessage() : e.getMessage();
    Fact failedFact = new Fact(f.connectionId(), f.connection(), f.tokenId(), f.tokenName(), f.scopes(), f.lease(),
        why, e.upstreamStatus);
    return recorder.recordOrQueue(op, Outcome.FAILED, failedFact).compose(v -> Future.failedFuture(e));
  }

  private static Fact withToken(Fact f, String tokenId) {
    return new Fact(f.connectionId(), f.connection(), tokenId, f.tokenName(), f.scopes(), f.lease(), f.reason(),
        f.upstreamStatus());
  }

  private static Fact note(Fact f, String note) {
    return new Fact(f.connectionId(), f.connection(), f.tokenId(), f.tokenName(), f.scopes(), f.lease(),
        f.reason() == null ? note : f.reason() + " (" + note + ")", f.upstreamStatus());
  }

  private static MintedCredential answer(MintedToken t) {
    return new MintedCredential(t.id(), t.token(), t.expirationDate());
  }
}
