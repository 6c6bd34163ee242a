package io.dtvb.dynatrace;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;

/**
 * OAuth client-credentials bearer from Dynatrace SSO: cached until {@code bearerRefreshMargin} before it
 * expires; concurrent callers share one in-flight grant. The client secret and bearer are never logged.
 *
 * <p>The grant form is {@code grant_type=client_credentials, client_id, client_secret, scope} [documented]
 * plus {@code resource} when one is set ({@code urn:dtaccount:<uuid>} for the Account Management API
 * [field-reported], {@code urn:dtenvironment:<id>} for an environment). A rejection names the client
 * id, the requested scopes, the resource and the useful part of SSO's answer (see {@link ErrorBodies}).
 */
final class OAuthBearerAuth implements DynatraceAuth {
  private static final long DEFAULT_EXPIRES_IN = 300;

  /** Whose credentials these are; decides what a rejection message advises. */
  enum Kind {
    /** An environment connection in OAUTH mode (setting {@code oauth_scope}). */
    ENVIRONMENT,
    /** An account connection for the Account Management API (setting {@code account_scope}). */
    ACCOUNT
  }

  private final WebClient client;
  private final String clientId;
  private final String clientSecret;
  private final String scope;
  private final String resource;
  private final String ssoUrl;
  private final Kind kind;
  private final DynatraceClientOptions options;
  private final CallDeadline deadline;
  private String cachedHeader;
  private Instant refreshAt;
  private Future<String> inFlight;

  /**
   * A bearer source for one OAuth client. Blank {@code scope} and {@code ssoUrl} mean the defaults of
   * {@code kind}; a blank {@code resource} is not sent.
   */
  OAuthBearerAuth(WebClient client, String clientId, String clientSecret, String scope, String resource,
      String ssoUrl, Kind kind, DynatraceClientOptions options, CallDeadline deadline) {
    this.client = client;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.kind = kind;
    this.scope = blank(scope) ? (kind == Kind.ACCOUNT ? AccountConnection.DEFAULT_ACCOUNT_SCOPE
        : DynatraceConnection.DEFAULT_OAUTH_SCOPE) : scope;
    this.resource = blank(resource) ? null : resource;
    this.ssoUrl = blank(ssoUrl) ? DynatraceConnection.DEFAULT_SSO_URL : ssoUrl;
    this.options = options;
    this.deadline = deadline;
  }

  /** The bearer of an environment connection in OAUTH mode. */
  OAuthBearerAuth(WebClient client, DynatraceConnection connection, DynatraceClientOptions options,
      CallDeadline deadline) {
    this(client, connection.oauthClientId(), connection.oauthClientSecret(), connection.oauthScope(),
        connection.oauthResource(), connection.ssoUrl(), Kind.ENVIRONMENT, options, deadline);
  }

  /** The bearer of an account connection, for the resource {@code urn:dtaccount:<uuid>}. */
  static OAuthBearerAuth forAccount(WebClient client, AccountConnection account, DynatraceClientOptions options,
      CallDeadline deadline) {
    return new OAuthBearerAuth(client, account.clientId(), account.clientSecret(), account.scope(),
        account.resource(), account.ssoUrl(), Kind.ACCOUNT, options, deadline);
  }

  @Override
  public synchronized Future<String> authorization() {
    if (cachedHeader != null && options.clock().instant().isBefore(refreshAt)) {
      return Future.succeededFuture(cachedHeader);
    }
    if (inFlight != null) {
      return inFlight;
    }
    Promise<String> promise = Promise.promise();
    inFlight = promise.future();
    grant().onComplete(ar -> {
      synchronized (this) {
        inFlight = null;
      }
      if (ar.succeeded()) {
        promise.complete(ar.result());
      } else {
        promise.fail(ar.cause());
      }
    });
    return promise.future();
  }

  @Override
  public boolean refreshable() {
    return true;
  }

  @Override
  public synchronized void invalidate(String authorization) {
    if (authorization != null && authorization.equals(cachedHeader)) {
      cachedHeader = null;
      refreshAt = null;
    }
  }

  private Future<String> grant() {
    MultiMap form = MultiMap.caseInsensitiveMultiMap()
        .add("grant_type", "client_credentials")
        .add("client_id", nullToEmpty(clientId))
        .add("client_secret", nullToEmpty(clientSecret))
        .add("scope", scope);
    if (resource != null) {
      form.add("resource", resource);
    }
    Instant requestedAt = options.clock().instant();
    Future<HttpResponse<Buffer>> call = client.postAbs(ssoUrl)
        .putHeader("Accept", "application/json")
        .connectTimeout(options.connectTimeout().toMillis())
        .idleTimeout(options.requestTimeout().toMillis())
        .sendForm(form);
    return deadline.apply(call)
        .recover(t -> Future.failedFuture(DynatraceErrors.noResponse("POST " + ssoUrl, t,
            options.requestTimeout())))
        .compose(response -> accept(response, requestedAt));
  }

  private Future<String> accept(HttpResponse<Buffer> response, Instant requestedAt) {
    if (response.statusCode() != 200) {
      return Future.failedFuture(rejected(response));
    }
    JsonObject body;
    try {
      body = response.bodyAsJsonObject();
    } catch (RuntimeException e) {
      body = null;
    }
    Object token = body == null ? null : body.getValue("access_token");
    if (!(token instanceof String bearer) || bearer.isBlank()) {
      return Future.failedFuture(new DynatraceException(200, false,
          "Dynatrace SSO answered 200 without an access_token; is " + ssoUrl + " the SSO token endpoint?"));
    }
    Object rawExpires = body.getValue("expires_in");
    long expiresIn = rawExpires instanceof Number n ? n.longValue() : DEFAULT_EXPIRES_IN;
    Duration lifetime = Duration.ofSeconds(Math.max(1, expiresIn));
    Duration margin = options.bearerRefreshMargin().compareTo(lifetime) < 0
        ? options.bearerRefreshMargin() : lifetime.dividedBy(2);
    String header = "Bearer " + bearer;
    synchronized (this) {
      cachedHeader = header;
      refreshAt = requestedAt.plus(lifetime).minus(margin);
    }
    return Future.succeededFuture(header);
  }

  private DynatraceException rejected(HttpResponse<Buffer> response) {
    int status = response.statusCode();
    boolean retryable = status == 429 || status >= 500;
    String detail = ErrorBodies.ssoDetail(response.body(), secrets());
    String shown = status + (detail.isEmpty() ? "" : " " + detail);
    if (retryable) {
      return new DynatraceException(status, true, "Dynatrace SSO answered " + status
          + " to the client-credentials grant" + (detail.isEmpty() ? "" : ": " + detail), null,
          status == 429 ? DynatraceErrors.retryAfter(response, options.clock()) : null);
    }
    return new DynatraceException(status, false, kind == Kind.ACCOUNT ? accountAdvice(shown) : environmentAdvice(shown));
  }

  private String environmentAdvice(String shown) {
    return "Dynatrace SSO rejected the client-credentials grant (" + shown + "). Check the OAuth client id ("
        + clientId + ") and client secret, that the client holds every requested scope (" + scope
        + "; SSO rejects the whole request if it lacks any one of them, see oauth_scope), and the resource ("
        + resource + ", expected urn:dtaccount:<account-uuid> or urn:dtenvironment:<env-id>); the SSO URL used was "
        + ssoUrl + ".";
  }

  private String accountAdvice(String shown) {
    return "Dynatrace SSO rejected the client-credentials grant of the account OAuth client (" + shown
        + "). Check the account client id (" + clientId + ") and client secret; that the client holds every"
        + " requested scope (" + scope + "): SSO rejects the whole request if the client lacks any one of them,"
        + " so configure account_scope to scopes it holds (the docs name " + AccountConnection.DOCUMENTED_ACCOUNT_SCOPE
        + ", field code uses " + AccountConnection.DEFAULT_ACCOUNT_SCOPE + "); and the resource (" + resource
        + "), which must name the client's own account; the SSO URL used was " + ssoUrl + ".";
  }

  private java.util.List<String> secrets() {
    return clientSecret == null ? java.util.List.of() : java.util.List.of(clientSecret);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
