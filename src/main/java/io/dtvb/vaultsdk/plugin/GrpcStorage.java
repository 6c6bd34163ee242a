package io.dtvb.vaultsdk.plugin;

import com.google.protobuf.ByteString;
import io.dtvb.vaultsdk.framework.Stages;
import io.dtvb.vaultsdk.framework.Storage;
import io.dtvb.vaultsdk.plugin.proto.pb.StorageClient;
import io.dtvb.vaultsdk.plugin.proto.pb.StorageDeleteArgs;
import io.dtvb.vaultsdk.plugin.proto.pb.StorageEntry;
import io.dtvb.vaultsdk.plugin.proto.pb.StorageGetArgs;
import io.dtvb.vaultsdk.plugin.proto.pb.StorageGetReply;
import io.dtvb.vaultsdk.plugin.proto.pb.StorageListArgs;
import io.dtvb.vaultsdk.plugin.proto.pb.StorageListReply;
import io.dtvb.vaultsdk.plugin.proto.pb.StoragePutArgs;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Vault storage reached over the brokered connection; Vault reports failures in {@code err}. */
final class GrpcStorage implements Storage {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private final StorageClient client;

  GrpcStorage(StorageClient client) {
    this.client = client;
  }

  @Override
  public Optional<byte[]> get(String key) {
    StorageGetReply r = Blocking.await(client.get(StorageGetArgs.newBuilder().setKey(key).build()), TIMEOUT);
    check(r.getErr(), "get", key);
    return r.hasEntry() ? Optional.of(r.getEntry().getValue().toByteArray()) : Optional.empty();
  }

  @Override
  public void put(String key, byte[] value) {
    Blocking.await(putCall(key, value), TIMEOUT);
  }

  /** Completes on the event loop that read Vault's answer, or fails after the same bound as {@link #put}. */
  @Override
  public CompletionStage<Void> putAsync(String key, byte[] value) {
    return putCall(key, value).timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .recover(e -> Future.failedFuture(e instanceof java.util.concurrent.TimeoutException
            ? Stages.notAnswered("Vault", TIMEOUT, e) : e))
        .toCompletionStage();
  }

  private Future<Void> putCall(String key, byte[] value) {
    StorageEntry entry = StorageEntry.newBuilder().setKey(key).setValue(ByteString.copyFrom(value)).build();
    return client.put(StoragePutArgs.newBuilder().setEntry(entry).build()).map(reply -> {
      check(reply.getErr(), "put", key);
      return null;
    });
  }

  @Override
  public void delete(String key) {
    check(Blocking.await(client.delete(StorageDeleteArgs.newBuilder().setKey(key).build()), TIMEOUT).getErr(),
        "delete", key);
  }

  @Override
  public List<String> list(String prefix) {
    StorageListReply r = Blocking.await(client.list(StorageListArgs.newBuilder().setPrefix(prefix).build()), TIMEOUT);
    check(r.getErr(), "list", prefix);
    return r.getKeysList();
  }

  private static void check(String err, String op, String key) {
    if (!err.isEmpty()) {
      throw new IllegalStateException("storage " + op + " " + key + ": " + err);
    }
  }
}
