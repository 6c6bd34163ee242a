package io.dtvb.vaultsdk.plugin;

import io.dtvb.vaultsdk.plugin.proto.goplugin.GRPCBrokerGrpcService;
import io.dtvb.vaultsdk.plugin.proto.goplugin.GRPCControllerGrpcService;
import io.dtvb.vaultsdk.plugin.proto.goplugin.GRPCStdioGrpcService;
import io.dtvb.vaultsdk.plugin.proto.health.HealthCheckResponse;
import io.dtvb.vaultsdk.plugin.proto.health.HealthGrpcService;
import io.dtvb.vaultsdk.plugin.proto.logical.PluginVersionGrpcService;
import io.dtvb.vaultsdk.plugin.proto.logical.VersionReply;
import io.dtvb.vaultsdk.plugin.proto.multiplexing.MultiplexingSupportResponse;
import io.dtvb.vaultsdk.plugin.proto.multiplexing.PluginMultiplexingGrpcService;
import io.dtvb.vaultsdk.plugin.proto.pb.BackendGrpcService;
import io.vertx.core.Future;
import io.vertx.grpc.server.GrpcServer;
import java.util.Objects;

/**
 * The go-plugin plumbing every plugin serves next to its backend: the broker stream (held open),
 * controller shutdown, stdio, health ("plugin" = SERVING), version and multiplexing support.
 */
final class GoPluginServices {
  private GoPluginServices() {}

  /**
   * Initializes the generated service classes this process binds (and with them protobuf's
   * descriptors, ~30 ms of CPU at a start) on the calling thread; see PluginServer.run.
   */
  static void initializeServiceClasses() {
    for (Object method : new Object[] {GRPCBrokerGrpcService.StartStream, GRPCStdioGrpcService.StreamStdio,
        GRPCControllerGrpcService.Shutdown, HealthGrpcService.Check, PluginVersionGrpcService.Version,
        PluginMultiplexingGrpcService.MultiplexingSupport, BackendGrpcService.Setup}) {
      Objects.requireNonNull(method);
    }
  }

  static void bind(GrpcServer server, Broker broker, String version, boolean multiplexing, Runnable shutdown) {
    server.callHandler(GRPCBrokerGrpcService.StartStream, call -> {
      call.handler(broker::offer);
      call.response().writeHead();
    });
    server.callHandler(GRPCStdioGrpcService.StreamStdio, call -> call.response().writeHead());
    server.callHandler(GRPCControllerGrpcService.Shutdown, call -> call.last().onSuccess(msg -> {
      call.response().end(io.dtvb.vaultsdk.plugin.proto.goplugin.Empty.getDefaultInstance())
          .onComplete(ar -> shutdown.run());
    }));
    Rpc.unary(server, HealthGrpcService.Check, (mux, req) -> Future.succeededFuture(
        HealthCheckResponse.newBuilder().setStatus(HealthCheckResponse.ServingStatus.SERVING).build()));
    Rpc.unary(server, PluginVersionGrpcService.Version, (mux, req) -> Future.succeededFuture(
        VersionReply.newBuilder().setPluginVersion(version).build()));
    Rpc.unary(server, PluginMultiplexingGrpcService.MultiplexingSupport, (mux, req) -> Future.succeededFuture(
        MultiplexingSupportResponse.newBuilder().setSupported(multiplexing).build()));
  }
}
