package io.dtvb.vaultsdk.plugin;

import io.dtvb.vaultsdk.plugin.proto.goplugin.ConnInfo;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * go-plugin's broker, plugin side: Vault announces brokered services (storage, system view) on
 * the StartStream stream; Setup waits here for the announcement with its broker id.
 */
final class Broker {
  private final Vertx vertx;
  private final Map<Integer, Promise<ConnInfo>> pending = new ConcurrentHashMap<>();

  Broker(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Records an announcement from Vault. */
  void offer(ConnInfo info) {
    pending.computeIfAbsent(info.getServiceId(), id -> Promise.promise()).tryComplete(info);
  }

  /** The announcement for {@code serviceId}, failing after {@code timeoutMs}. */
  Future<ConnInfo> await(int serviceId, long timeoutMs) {
    Promise<ConnInfo> p = pending.computeIfAbsent(serviceId, id -> Promise.promise());
    long timer = vertx.setTimer(timeoutMs, t -> p.tryFail(
        "timeout waiting for broker connection info for id " + serviceId));
    return p.future().andThen(ar -> {
      vertx.cancelTimer(timer);
      pending.remove(serviceId);
    });
  }
}
