package io.dtvb.vaultsdk.plugin;

import io.dtvb.vaultsdk.plugin.proto.pb.Empty;
import io.dtvb.vaultsdk.plugin.proto.pb.StorageDeleteArgs;
import io.dtvb.vaultsdk.plugin.proto.pb.StorageDeleteReply;
import io.dtvb.vaultsdk.plugin.proto.pb.StorageGetArgs;
import io.dtvb.vaultsdk.plugin.proto.pb.StorageGetReply;
import io.dtvb.vaultsdk.plugin.proto.pb.StorageGrpcService;
import io.dtvb.vaultsdk.plugin.proto.pb.StorageListArgs;
import io.dtvb.vaultsdk.plugin.proto.pb.StorageListReply;
import io.dtvb.vaultsdk.plugin.proto.pb.StoragePutArgs;
import io.dtvb.vaultsdk.plugin.proto.pb.StoragePutReply;
import io.dtvb.vaultsdk.plugin.proto.pb.StorageService;
import io.dtvb.vaultsdk.plugin.proto.pb.SystemViewGrpcService;
import io.dtvb.vaultsdk.plugin.proto.pb.SystemViewService;
import io.dtvb.vaultsdk.plugin.proto.pb.TTLReply;
import io.dtvb.vaultsdk.plugin.proto.pb.TaintedReply;
import io.vertx.core.Future;
import io.vertx.grpc.server.GrpcServer;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The brokered half of Vault in a training run ({@link ClassDataTraining}): in-memory storage and a
 * system view with Vault's default lease TTLs, served to the plugin the way Vault serves them.
 */
final class TrainingVault {
  private static final long DEFAULT_TTL_NANOS = Duration.ofDays(32).toNanos();

  private final ConcurrentSkipListMap<String, io.dtvb.vaultsdk.plugin.proto.pb.StorageEntry> entries =
      new ConcurrentSkipListMap<>();

  void bind(GrpcServer server) {
    StorageGrpcService.of(new Storage()).bind(server);
    SystemViewGrpcService.of(new SystemView()).bind(server);
  }

  private final class Storage extends StorageService {
    @Override
    public Future<StorageGetReply> get(StorageGetArgs request) {
      var entry = entries.get(request.getKey());
      var reply = StorageGetReply.newBuilder();
      if (entry != null) {
        reply.setEntry(entry);
      }
      return Future.succeededFuture(reply.build());
    }

    @Override
    public Future<StorageListReply> list(StorageListArgs request) {
      String prefix = request.getPrefix();
      var children = new LinkedHashSet<String>();
      for (String key : entries.tailMap(prefix).keySet()) {
        if (!key.startsWith(prefix)) {
          break;
        }
        String rest = key.substring(prefix.length());
        int slash = rest.indexOf('/');
        children.add(slash < 0 ? rest : rest.substring(0, slash + 1)); // Vault lists one level
      }
      return Future.succeededFuture(StorageListReply.newBuilder().addAllKeys(children).build());
    }

    @Override
    public Future<StoragePutReply> put(StoragePutArgs request) {
      entries.put(request.getEntry().getKey(), request.getEntry());
      return Future.succeededFuture(StoragePutReply.getDefaultInstance());
    }

    @Override
    public Future<StorageDeleteReply> delete(StorageDeleteArgs request) {
      entries.remove(request.getKey());
      return Future.succeededFuture(StorageDeleteReply.getDefaultInstance());
    }
  }

  private static final class SystemView extends SystemViewService {
    @Override
    public Future<TTLReply> defaultLeaseTTL(Empty request) {
      return Future.succeededFuture(TTLReply.newBuilder().setTTL(DEFAULT_TTL_NANOS).build());
    }

    @Override
    public Future<TTLReply> maxLeaseTTL(Empty request) {
      return Future.succeededFuture(TTLReply.newBuilder().setTTL(DEFAULT_TTL_NANOS).build());
    }

    @Override
    public Future<TaintedReply> tainted(Empty request) {
      return Future.succeededFuture(TaintedReply.getDefaultInstance());
    }
  }
}
