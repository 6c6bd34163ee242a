package io.dtvb.sidecar;

import io.dtvb.dynatrace.AccountLimit;
import io.dtvb.dynatrace.DeleteOutcome;
import io.dtvb.dynatrace.MintedToken;
import io.dtvb.dynatrace.PlatformTokenCreate;
import io.dtvb.dynatrace.PlatformTokenInfo;
import io.dtvb.sidecar.ConnectionService.Connection;
import io.dtvb.sidecarapi.AccountInfo;
import io.dtvb.sidecarapi.ListedToken;
import io.dtvb.sidecarapi.MintRequest;
import io.dtvb.sidecarapi.TokenType;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The account side of a connection: mints, deletes, re-dates and lists its platform tokens
 * through the Account Management API, and keeps each owner under the account's per-owner cap.
 *
 * <p>The cap (field-reported: 50 per user, 100 per service user; expired tokens count until
 * deleted) is checked before Dynatrace is called: the owner's count comes from a listing of the
 * account's tokens (at most one per cache TTL, {@code --account-cache-ttl}), kept current with this sidecar's
 * own mints and deletes; the cap from the account's limits. When either is unknown (limits not
 * readable with the client's scopes, an owner Dynatrace does not name) the check is skipped and
 * Dynatrace's own refusal stands.
 */
final class PlatformTokenService {
  /** The suffix of a service user's e-mail address (field-reported). */
  static final String SERVICE_USER_DOMAIN = "@service.sso.dynatrace.com";

  /** How long the limits and a listing's per-owner counts are trusted by default. */
  static final java.time.Duration DEFAULT_CACHE_TTL = java.time.Duration.ofSeconds(60);

  private final Clock clock;
  private final java.time.Duration cacheTtl;

  PlatformTokenService(Clock clock, java.time.Duration cacheTtl) {
    this.clock = clock;
    this.cacheTtl = cacheTtl;
  }

  /** Creates a lease's platform token after the cap check; the slot is freed again if the create fails. */
  Future<MintedToken> create(Connection c, MintRequest req) {
    AccountSide a = c.accountSide();
    return owner(a, req.serviceUser()).compose(owner -> reserve(a, owner, req.serviceUser() != null)
        .compose(v -> a.api().create(new PlatformTokenCreate(req.name(), req.scopes(), List.of(a.resource()),
                tags(req), req.expirationDate(), req.serviceUser()))
            .onSuccess(t -> a.minted(t.id(), owner))
            .onFailure(err -> a.adjust(owner, -1))));
  }

  /** Deletes a platform token; 404 is already gone. */
  Future<DeleteOutcome> delete(Connection c, String tokenId) {
    AccountSide a = c.accountSide();
    return a.api().delete(tokenId).onSuccess(o -> a.deleted(tokenId));
  }

  /** Moves a platform token's expiry (the lease was renewed). */
  Future<Void> moveExpiry(Connection c, String tokenId, Instant expiry) {
    return c.accountSide().api().setExpiration(tokenId, expiry);
  }

  /** The account's tokens matching a search term (id, name, creator or scope), exactly filtered by the caller. */
  Future<List<PlatformTokenInfo>> search(Connection c, String searchTerm) {
    return c.accountSide().api().list(searchTerm);
  }

  /** This connection's platform tokens whose names start with the prefix, as listed tokens. */
  Future<List<ListedToken>> listByPrefix(Connection c, String prefix) {
    return search(c, prefix).map(all -> all.stream().filter(t -> t.name() != null && t.name().startsWith(prefix))
        .map(t -> new ListedToken(t.tokenId(), t.name(), t.createdAt(), t.expirationDate(), TokenType.PLATFORM))
        .toList());
  }

  /**
   * Checks the account side with live calls: the SSO grant for the account (made by the first
   * call), a listing of its platform tokens and a read of its limits (not fatal: the documented
   * scope for limits is account-idm-read, which a client with only the platform-token scopes lacks).
   */
  Future<AccountInfo> verify(Connection c) {
    AccountSide a = c.accountSide();
    Instant now = clock.instant();
    return a.api().list(null).compose(tokens -> {
      countOwners(a, tokens, now);
      return a.api().subjectUserUuid().otherwise((String) null).compose(owner -> a.api().limits()
          .map(limits -> info(a, owner, tokens.size(), limits, null))
          .otherwise(err -> info(a, owner, tokens.size(), null, "the account's limits could not be read ("
              + err.getMessage() + "); the per-owner cap is not checked before minting (grant the client"
              + " account-idm-read and add it to account_scope)")));
    }).onSuccess(info -> a.checked(info, now));
  }

  private static List<AccountInfo.Limit> limits(List<AccountLimit> limits) {
    return limits == null ? null : limits.stream()
        .map(l -> new AccountInfo.Limit(l.type(), l.limitValue(), l.currentValue())).toList();
  }

  private static AccountInfo info(AccountSide a, String owner, int visible, List<AccountLimit> limits, String note) {
    return new AccountInfo(a.connection().accountUuid(), a.connection().clientId(), owner, visible, limits(limits),
        note == null ? "revoking a platform token may take up to five minutes to take effect everywhere" : note);
  }

  /** The owner a mint is counted for: the service user, else the OAuth client's own user (null if unknown). */
  private static Future<String> owner(AccountSide a, String serviceUser) {
    return serviceUser != null ? Future.succeededFuture(serviceUser)
        : a.api().subjectUserUuid().otherwise((String) null);
  }

  /** Takes a slot under the owner's cap, refreshing counts and limits when they are old. */
  private Future<Void> reserve(AccountSide a, String owner, boolean explicitServiceUser) {
    if (owner == null) {
      return Future.succeededFuture();
    }
    Instant now = clock.instant();
    Future<Void> counts = a.countsFresh(now, cacheTtl) ? Future.succeededFuture()
        : a.api().list(null).map(tokens -> {
          countOwners(a, tokens, now);
          return null;
        });
    Future<Void> limits = a.limitsFresh(now, cacheTtl) ? Future.succeededFuture()
        : a.api().limits().map(l -> {
          a.limitsRead(limits(l), now);
          return (Void) null;
        }).otherwise(err -> {
          a.limitsRead(null, now);
          return null;
        });
    return counts.compose(v -> limits).compose(v -> {
      boolean service = explicitServiceUser || Boolean.TRUE.equals(a.serviceUser(owner));
      String type = service ? AccountInfo.PER_SERVICE_USER : AccountInfo.PER_USER;
      Long cap = a.cap(type);
      if (cap == null) {
        a.adjust(owner, 1);
        return Future.succeededFuture();
      }
      if (!a.reserve(owner, cap)) {
        return Future.failedFuture(ApiError.invalid("the owner " + owner + " of this role's platform tokens"
            + " already holds " + a.count(owner) + " platform tokens and the account's cap " + type + " is " + cap
            + " (expired tokens count until they are deleted): no token was minted. Run tidy (it deletes this"
            + " mount's expired and orphaned platform tokens), give the role its own service_user, or lower the"
            + " role's ttl so tokens expire and are swept sooner"));
      }
      return Future.succeededFuture();
    });
  }

  private static void countOwners(AccountSide a, List<PlatformTokenInfo> tokens, Instant now) {
    Map<String, Integer> counts = new HashMap<>();
    Map<String, Boolean> service = new HashMap<>();
    for (PlatformTokenInfo t : tokens) {
      String owner = t.ownerUuid();
      if (owner != null) {
        counts.merge(owner, 1, Integer::sum);
        if (t.owner() != null) {
          service.put(owner, t.owner().toLowerCase(java.util.Locale.ROOT).endsWith(SERVICE_USER_DOMAIN));
        }
      }
    }
    a.counted(counts, service, now);
  }

  /** Tags that name the mount and role a token was minted for (Dynatrace shows them in the token list). */
  static List<String> tags(MintRequest req) {
    List<String> tags = new ArrayList<>();
    tags.add("dynatrace-vault-bridge");
    if (req.lease().mount() != null) {
      tags.add("vault-mount:" + req.lease().mount());
    }
    if (req.lease().role() != null) {
      tags.add("vault-role:" + req.lease().role());
    }
    return tags;
  }
}
