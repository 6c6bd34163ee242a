package io.dtvb.vaultsdk.plugin;

import io.dtvb.vaultsdk.framework.Storage;
import io.dtvb.vaultsdk.framework.SystemView;
import io.dtvb.vaultsdk.plugin.proto.goplugin.ConnInfo;
import io.dtvb.vaultsdk.plugin.proto.pb.StorageGrpcClient;
import io.dtvb.vaultsdk.plugin.proto.pb.SystemViewGrpcClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientOptions;
import io.vertx.grpc.client.impl.GrpcClientImpl;

/**
 * The brokered connection back to Vault for one mount: mTLS over the unix socket (or TCP address)
 * Vault announced, carrying the Storage and SystemView clients.
 */
final class VaultConnection {
  private final GrpcClient client;
  private final Storage storage;
  private final SystemView system;

  private VaultConnection(GrpcClient client, SocketAddress address) {
    this.client = client;
    this.storage = new GrpcStorage(StorageGrpcClient.create(client, address));
    this.system = new CachedLeaseTtls(new GrpcSystemView(SystemViewGrpcClient.create(client, address)));
  }

  /** Dials the address in {@code info} with our AutoMTLS identity. */
  static VaultConnection dial(Vertx vertx, AutoMtls mtls, ConnInfo info) {
    SocketAddress address = "unix".equals(info.getNetwork())
        ? SocketAddress.domainSocketAddress(info.getAddress())
        : tcpAddress(info.getAddress());
    GrpcClientOptions options = new GrpcClientOptions().setMaxMessageSize(Integer.MAX_VALUE);
    HttpClient http = vertx.httpClientBuilder().with(mtls.clientOptions())
        .withConnectHandler(FlushConsolidation::install).build();
    // Vert.x's public factories take either our HTTP client or the gRPC options (the message size
    // limit); its client class takes both, and closes the HTTP client with itself.
    return new VaultConnection(new GrpcClientImpl(vertx, options, http, true) { }, address);
  }

  private static SocketAddress tcpAddress(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    return SocketAddress.inetSocketAddress(
        Integer.parseInt(hostPort.substring(colon + 1)), hostPort.substring(0, colon));
  }

  Storage storage() {
    return storage;
  }

  SystemView system() {
    return system;
  }

  Future<Void> close() {
    return client.close();
  }
}
