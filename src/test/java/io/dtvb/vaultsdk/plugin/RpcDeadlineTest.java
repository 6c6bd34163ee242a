package io.dtvb.vaultsdk.plugin;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.vaultsdk.plugin.proto.pb.BackendGrpcClient;
import io.dtvb.vaultsdk.plugin.proto.pb.BackendGrpcService;
import io.dtvb.vaultsdk.plugin.proto.pb.Empty;
import io.dtvb.vaultsdk.plugin.proto.pb.TypeReply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.server.GrpcServer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Vault's request deadline travels as the gRPC deadline (grpc-timeout); the handler receives it as an instant. */
class RpcDeadlineTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void theCallersTimeoutBecomesTheHandlersDeadline() throws Exception {
    AtomicReference<Instant> seen = new AtomicReference<>();
    int port = serve(seen);
    Instant before = Instant.now();

    call(port, 90_000);

    assertNotNull(seen.get(), "no deadline reached the handler");
    assertTrue(!seen.get().isBefore(before.plus(Duration.ofSeconds(89)))
        && !seen.get().isAfter(Instant.now().plus(Duration.ofSeconds(90))), seen.get().toString());
  }

  @Test
  void aCallWithoutTimeoutHasNoDeadline() throws Exception {
    AtomicReference<Instant> seen = new AtomicReference<>(Instant.EPOCH);
    int port = serve(seen);

    call(port, 0);

    assertNull(seen.get());
  }

  private int serve(AtomicReference<Instant> seen) throws Exception {
    GrpcServer grpc = GrpcServer.server(vertx);
    Rpc.unary(grpc, BackendGrpcService.Type, (Rpc.DeadlineHandler<Empty, TypeReply>) (mux, deadline, msg) -> {
      seen.set(deadline);
      return Future.succeededFuture(TypeReply.newBuilder().setType(1).build());
    });
    HttpServer server = vertx.createHttpServer().requestHandler(grpc);
    return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
        .actualPort();
  }

  private void call(int port, long timeoutMs) throws Exception {
    GrpcClient client = GrpcClient.client(vertx, new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false));
    client.request(SocketAddress.inetSocketAddress(port, "127.0.0.1"), BackendGrpcClient.Type)
        .compose(req -> {
          if (timeoutMs > 0) {
            req.timeout(timeoutMs, TimeUnit.MILLISECONDS);
          }
          req.end(Empty.getDefaultInstance());
          return req.response().compose(resp -> resp.last());
        })
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
