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
 */
final class OAuthBearerAuth implements DynatraceAuth {
  private static final long DEFAULT_EXPIRES_IN = 300;

  private final WebClient client;
  private final DynatraceConnection connection;
  private final DynatraceClientOptions options;
  private final CallDeadline deadline;
  private String cachedHeader;
  private Instant refreshAt;
  private Future<String> inFlight;

  OAuthBearerAuth(WebClient client, DynatraceConnection connection, DynatraceClientOptions options,
      CallDeadline deadline) {
    this.client = client;
    this.connection = connection;
    this.options = options;
    this.deadline = deadline;
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
        .add("client_id", nullToEmpty(connection.oauthClientId()))
        .add("client_secret", nullToEmpty(connection.oauthClientSecret()))
        .add("scope", scope());
    if (connection.oauthResource() != null && !connection.oauthResource().isBlank()) {
      form.add("resource", connection.oauthResource());
    }
    Instant requestedAt = options.clock().instant();
    Future<HttpResponse<Buffer>> call = client.postAbs(ssoUrl())
        .putHeader("Accept", "application/json")
        .connectTimeout(options.connectTimeout().toMillis())
        .idleTimeout(options.requestTimeout().toMillis())
        .sendForm(form);
    return deadline.apply(call)
        .recover(t -> Future.failedFuture(DynatraceErrors.noResponse("POST " + ssoUrl(), t,
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
          "Dynatrace SSO answered 200 without an access_token; is " + ssoUrl() + " the SSO token endpoint?"));
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
    String detail = oauthDetail(response);
    if (retryable) {
      return new DynatraceException(status, true, "Dynatrace SSO answered " + status
          + " to the client-credentials grant" + detail, null,
          status == 429 ? DynatraceErrors.retryAfter(response, options.clock()) : null);
    }
    return new DynatraceException(status, false, "Dynatrace SSO rejected the client-credentials grant ("
        + status + detail + "). Check the OAuth client id (" + connection.oauthClientId()
        + ") and client secret, that the client holds every requested scope (" + scope()
        + "), and the resource (" + connection.oauthResource() + ", expected urn:dtaccount:<account-uuid> "
        + "or urn:dtenvironment:<env-id>); the SSO URL used was " + ssoUrl() + ".");
  }

  private static String oauthDetail(HttpResponse<Buffer> response) {
    try {
      JsonObject body = response.bodyAsJsonObject();
      if (body == null) {
        return "";
      }
      String error = body.getValue("error") == null ? "" : String.valueOf(body.getValue("error"));
      String description = body.getValue("error_description") == null ? ""
          : String.valueOf(body.getValue("error_description"));
      String both = (error + (description.isBlank() ? "" : ": " + description)).trim();
      return both.isEmpty() ? "" : " " + both;
    } catch (RuntimeException e) {
      return "";
    }
  }

  private String scope() {
    String s = connection.oauthScope();
    return s == null || s.isBlank() ? DynatraceConnection.DEFAULT_OAUTH_SCOPE : s;
  }

  private String ssoUrl() {
    String s = connection.ssoUrl();
    return s == null || s.isBlank() ? DynatraceConnection.DEFAULT_SSO_URL : s;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
