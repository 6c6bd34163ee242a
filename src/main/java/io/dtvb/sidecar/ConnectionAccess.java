package io.dtvb.sidecar;

import io.dtvb.sidecar.ConnectionService.Connection;
import io.dtvb.sidecar.LeaseRecorder.Fact;
import io.dtvb.sidecar.LeaseRecorder.Operation;
import io.dtvb.sidecar.LeaseRecorder.Outcome;
import io.dtvb.sidecarapi.SidecarPaths;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;

/**
 * Who may act on a connection: the caller's certificate must be the identity the connection id is
 * bound to (else 403 forbidden, counted, logged and recorded in the lease log), the connection must
 * be known (else 404 unknown_connection) and the caller's settings fingerprint must match (else
 * 409 stale_connection).
 */
final class ConnectionAccess {
  private final ConnectionService connections;
  private final Bindings bindings;
  private final LeaseRecorder recorder;
  private final SidecarMetrics metrics;
  /** Bounds how many refusals per connection reach the lease log (a refused caller cannot flood it). */
  private final MintRate refusalsRecorded = new MintRate(10, 100);

  ConnectionAccess(ConnectionService connections, Bindings bindings, LeaseRecorder recorder, SidecarMetrics metrics) {
    this.connections = connections;
    this.bindings = bindings;
    this.recorder = recorder;
    this.metrics = metrics;
  }

  /** The live connection for a call: owned by the caller, known, and with the caller's settings. */
  Future<Connection> live(RoutingContext ctx, String operation) {
    String id = id(ctx);
    return owner(ctx, id, operation, false).map(v -> {
      Connection c = connections.get(id);
      if (c == null) {
        throw ApiError.unknownConnection(id);
      }
      ctx.put(SidecarRoutes.SECRETS, c.secrets());
      String fp = ctx.request().getHeader(SidecarPaths.SETTINGS_FINGERPRINT_HEADER);
      if (fp == null) {
        throw ApiError.invalid("header " + SidecarPaths.SETTINGS_FINGERPRINT_HEADER + " is required");
      }
      if (!fp.equals(c.fingerprint())) {
        throw ApiError.stale(id);
      }
      return c;
    });
  }

  /**
   * Succeeds when the caller owns the id (binding it first when {@code bind} and it is unbound);
   * otherwise refuses with 403, counted, logged and recorded.
   */
  Future<Void> owner(RoutingContext ctx, String id, String operation, boolean bind) {
    String who = Caller.identity(ctx);
    if (who == null) {
      return Future.failedFuture(ApiError.forbidden("a client certificate is required"));
    }
    Future<Bindings.Binding> bound = bind
        ? ctx.vertx().executeBlocking(() -> bindings.bindIfAbsent(id, who), false) // writes the state file
        : Future.succeededFuture().map(v -> bindings.get(id));
    return bound.recover(err -> Future.failedFuture(err instanceof IOException
            ? ApiError.retryable(0, "cannot record the connection's owner in the state file: " + err.getMessage())
            : err))
        .compose(b -> decide(ctx, id, operation, who, b));
  }

  private Future<Void> decide(RoutingContext ctx, String id, String operation, String who, Bindings.Binding b) {
    if (b == null || b.identity().equals(who)) {
      return Future.succeededFuture();
    }
    metrics.count("dvb_sidecar_forbidden_calls", "calls refused because the caller does not own the target");
    String reason = "refused " + operation + ": caller " + who + " is not the identity connection \"" + id
        + "\" is bound to";
    SidecarLog.log("warn", "call refused: connection bound to another identity", new JsonObject()
        .put("connection", id).put("operation", operation).put("caller", who).put("owner", b.identity()));
    Fact f = new Fact(id, null, ctx.pathParam("tokenId"), null, null, null, reason, 403);
    try {
      refusalsRecorded.take(id);
    } catch (ApiError flood) {
      metrics.count("dvb_sidecar_refusals_not_recorded", "refusals beyond 10/s per connection, counted but not"
          + " written to the lease log");
      f = null;
    }
    ApiError refusal = ApiError.forbidden("connection \"" + id + "\" belongs to another client identity; this"
        + " certificate (" + who + ") may not " + operation.replace('_', ' ') + " on it (an operator can rebind it:"
        + " sidecar bindings rebind)");
    if (f == null) {
      return Future.failedFuture(refusal);
    }
    return recorder.recordOrQueue(Operation.REFUSED, Outcome.DONE, f).compose(v -> Future.failedFuture(refusal));
  }

  private static String id(RoutingContext ctx) {
    return ctx.pathParam("id");
  }
}
