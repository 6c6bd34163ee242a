package io.dtvb.vaultsdk.plugin;

import io.dtvb.vaultsdk.framework.Log;
import io.vertx.core.Future;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.server.GrpcServer;
import java.util.function.BiFunction;

/** Binds unary RPCs, passing the caller's {@code multiplex_id} metadata to the handler. */
final class Rpc {
  private static final Log LOG = Log.named("rpc");

  private Rpc() {}

  static <Q, R> void unary(GrpcServer server, ServiceMethod<Q, R> method,
      BiFunction<String, Q, Future<R>> handler) {
    server.callHandler(method, call -> {
      String mux = call.headers().get("multiplex_id");
      call.last()
          .compose(msg -> handler.apply(mux == null ? "" : mux, msg))
          .onSuccess(reply -> call.response().end(reply))
          .onFailure(err -> {
            LOG.error("rpc failed", "method", call.fullMethodName(), "error", String.valueOf(err.getMessage()));
            call.response().status(GrpcStatus.INTERNAL).statusMessage(String.valueOf(err.getMessage())).end();
          });
    });
  }
}
