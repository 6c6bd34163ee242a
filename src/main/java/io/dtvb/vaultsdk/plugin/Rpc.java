package io.dtvb.vaultsdk.plugin;

import io.dtvb.vaultsdk.framework.Log;
import io.vertx.core.Future;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.server.GrpcServer;
import java.time.Instant;
import java.util.function.BiFunction;

/**
 * Binds unary RPCs, passing the caller's {@code multiplex_id} metadata to the handler and, for
 * handlers that want it, the call's deadline (from the {@code grpc-timeout} header Vault sets from
 * its request context; Vert.x parses it into {@code timeout()} milliseconds, 0 when absent).
 */
final class Rpc {
  private static final Log LOG = Log.named("rpc");

  private Rpc() {}

  /** A unary handler that also gets the call's deadline (null when the caller set none). */
  @FunctionalInterface
  interface DeadlineHandler<Q, R> {
    Future<R> handle(String mux, Instant deadline, Q message);
  }

  static <Q, R> void unary(GrpcServer server, ServiceMethod<Q, R> method,
      BiFunction<String, Q, Future<R>> handler) {
    unary(server, method, (DeadlineHandler<Q, R>) (mux, deadline, msg) -> handler.apply(mux, msg));
  }

  static <Q, R> void unary(GrpcServer server, ServiceMethod<Q, R> method, DeadlineHandler<Q, R> handler) {
    server.callHandler(method, call -> {
      String mux = call.headers().get("multiplex_id");
      long timeoutMs = call.timeout();
      Instant deadline = timeoutMs > 0 ? Instant.now().plusMillis(timeoutMs) : null;
      call.last()
          .compose(msg -> handler.handle(mux == null ? "" : mux, deadline, msg))
          .onSuccess(reply -> call.response().end(reply))
          .onFailure(err -> {
            LOG.error("rpc failed", "method", call.fullMethodName(), "error", String.valueOf(err.getMessage()));
            call.response().status(GrpcStatus.INTERNAL).statusMessage(String.valueOf(err.getMessage())).end();
          });
    });
  }
}
