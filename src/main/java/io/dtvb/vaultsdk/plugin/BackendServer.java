package io.dtvb.vaultsdk.plugin;

import io.dtvb.vaultsdk.framework.Backend;
import io.dtvb.vaultsdk.framework.BackendConfig;
import io.dtvb.vaultsdk.framework.BackendFactory;
import io.dtvb.vaultsdk.framework.ExistenceResult;
import io.dtvb.vaultsdk.framework.Log;
import io.dtvb.vaultsdk.framework.Request;
import io.dtvb.vaultsdk.framework.Response;
import io.dtvb.vaultsdk.framework.SpecialPaths;
import io.dtvb.vaultsdk.plugin.proto.pb.BackendGrpcService;
import io.dtvb.vaultsdk.plugin.proto.pb.Empty;
import io.dtvb.vaultsdk.plugin.proto.pb.HandleExistenceCheckArgs;
import io.dtvb.vaultsdk.plugin.proto.pb.HandleExistenceCheckReply;
import io.dtvb.vaultsdk.plugin.proto.pb.HandleRequestArgs;
import io.dtvb.vaultsdk.plugin.proto.pb.HandleRequestReply;
import io.dtvb.vaultsdk.plugin.proto.pb.InitializeReply;
import io.dtvb.vaultsdk.plugin.proto.pb.Paths;
import io.dtvb.vaultsdk.plugin.proto.pb.SetupArgs;
import io.dtvb.vaultsdk.plugin.proto.pb.SetupReply;
import io.dtvb.vaultsdk.plugin.proto.pb.SpecialPathsReply;
import io.dtvb.vaultsdk.plugin.proto.pb.TypeReply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.grpc.server.GrpcServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves {@code pb.Backend}: one {@link MountInstance} per {@code multiplex_id}, created at Setup
 * once Vault's broker has announced the storage/system-view connection. Handlers run on workers.
 */
final class BackendServer {
  private static final Log LOG = Log.named("backend");
  private static final long BROKER_WAIT_MS = 10_000;

  private final Vertx vertx;
  private final AutoMtls mtls;
  private final Broker broker;
  private final BackendFactory factory;
  private final Map<String, MountInstance> mounts = new ConcurrentHashMap<>();

  BackendServer(Vertx vertx, AutoMtls mtls, Broker broker, BackendFactory factory) {
    this.vertx = vertx;
    this.mtls = mtls;
    this.broker = broker;
    this.factory = factory;
  }

  void bind(GrpcServer server) {
    Rpc.unary(server, BackendGrpcService.Setup, this::setup);
    Rpc.unary(server, BackendGrpcService.HandleRequest, (Rpc.DeadlineHandler<HandleRequestArgs, HandleRequestReply>)
        this::handleRequest);
    Rpc.unary(server, BackendGrpcService.HandleExistenceCheck, this::existenceCheck);
    Rpc.unary(server, BackendGrpcService.SpecialPaths, (mux, req) -> Future.succeededFuture(specialPaths(mux)));
    Rpc.unary(server, BackendGrpcService.Initialize, (mux, req) ->
        Future.succeededFuture(InitializeReply.getDefaultInstance()));
    Rpc.unary(server, BackendGrpcService.InvalidateKey, (mux, req) -> {
      MountInstance m = mounts.get(mux);
      if (m != null) {
        m.backend().invalidate(req.getKey()); // a change this instance did not make (replication, standby)
      }
      return Future.succeededFuture(Empty.getDefaultInstance());
    });
    Rpc.unary(server, BackendGrpcService.Type, (mux, req) ->
        Future.succeededFuture(TypeReply.newBuilder().setType(1).build()));
    Rpc.unary(server, BackendGrpcService.Cleanup, this::cleanup);
  }

  int mountCount() {
    return mounts.size();
  }

  private Future<SetupReply> setup(String mux, SetupArgs args) {
    LOG.debug("setup", "multiplex_id", mux, "broker_id", args.getBrokerId(), "backend_uuid", args.getBackendUUID());
    return broker.await(args.getBrokerId(), BROKER_WAIT_MS)
        .map(info -> VaultConnection.dial(vertx, mtls, info))
        .compose(conn -> vertx.executeBlocking(() -> {
          try {
            Backend backend = factory.create(new BackendConfig(args.getConfigMap(), args.getBackendUUID(),
                conn.system(), conn.storage()));
            MountInstance old = mounts.put(mux, new MountInstance(backend, conn));
            if (old != null) {
              old.vault().close();
            }
            return SetupReply.getDefaultInstance();
          } catch (Exception e) {
            LOG.error("backend setup failed", "error", e.getMessage());
            conn.close();
            return SetupReply.newBuilder().setErr(String.valueOf(e.getMessage())).build();
          }
        }, false));
  }

  /**
   * Runs one request on a worker; the deadline travels in the request (checked again once a worker
   * has it). The response's after-reply steps run on a worker once the reply is on its way.
   */
  private Future<HandleRequestReply> handleRequest(String mux, Instant deadline, HandleRequestArgs args) {
    MountInstance m = mounts.get(mux);
    if (m == null) {
      return Future.succeededFuture(HandleRequestReply.newBuilder()
          .setErr(ProtoTranslation.toProtoError(new IllegalStateException("backend is not set up"))).build());
    }
    List<Response.AfterReply> after = new ArrayList<>(0);
    Future<HandleRequestReply> reply = vertx.executeBlocking(() -> {
      try {
        Request req = ProtoTranslation.toRequest(args.getRequest(), m.vault().storage()).withDeadline(deadline);
        Response resp = m.backend().handleRequest(req);
        HandleRequestReply.Builder out = HandleRequestReply.newBuilder();
        if (resp != null && !resp.isNone()) {
          Instant issued = req.secret() != null && req.secret().lease().issueTime() != null
              ? req.secret().lease().issueTime() : Instant.now();
          out.setResponse(ProtoTranslation.toProto(resp, issued));
        }
        if (resp != null) {
          after.addAll(resp.afterReplySteps());
        }
        return out.build();
      } catch (Exception e) {
        logFailure(args.getRequest(), e);
        return HandleRequestReply.newBuilder().setErr(ProtoTranslation.toProtoError(e)).build();
      }
    }, false);
    return reply.andThen(done -> {
      if (!after.isEmpty()) {
        vertx.executeBlocking(() -> runAfterReply(args.getRequest().getId(), after), false);
      }
    });
  }

  /** A failed step is logged: it only tidies what a rollback settles too (see Response.afterReply). */
  static Void runAfterReply(String requestId, List<Response.AfterReply> steps) throws Exception {
    return Log.withRequestId(requestId, () -> {
      for (Response.AfterReply step : steps) {
        try {
          step.run();
        } catch (Exception e) {
          LOG.warn("a step after the reply failed; a rollback settles what it would have",
              "error", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
      }
      return null;
    });
  }

  private Future<HandleExistenceCheckReply> existenceCheck(String mux, HandleExistenceCheckArgs args) {
    MountInstance m = mounts.get(mux);
    if (m == null) {
      return Future.succeededFuture(HandleExistenceCheckReply.getDefaultInstance());
    }
    return vertx.executeBlocking(() -> {
      try {
        ExistenceResult r = m.backend().existenceCheck(
            ProtoTranslation.toRequest(args.getRequest(), m.vault().storage()));
        return HandleExistenceCheckReply.newBuilder().setCheckFound(r.checkFound()).setExists(r.exists()).build();
      } catch (Exception e) {
        logFailure(args.getRequest(), e);
        return HandleExistenceCheckReply.newBuilder().setErr(ProtoTranslation.toProtoError(e)).build();
      }
    }, false);
  }

  private SpecialPathsReply specialPaths(String mux) {
    MountInstance m = mounts.get(mux);
    SpecialPaths sp = m == null ? SpecialPaths.NONE : m.backend().specialPaths();
    return SpecialPathsReply.newBuilder().setPaths(Paths.newBuilder()
        .addAllRoot(sp.root()).addAllUnauthenticated(sp.unauthenticated())
        .addAllLocalStorage(sp.localStorage()).addAllSealWrapStorage(sp.sealWrapStorage())).build();
  }

  private Future<Empty> cleanup(String mux, Empty ignored) {
    MountInstance m = mounts.remove(mux);
    if (m == null) {
      return Future.succeededFuture(Empty.getDefaultInstance());
    }
    return vertx.executeBlocking(() -> {
      m.backend().cleanup();
      return Empty.getDefaultInstance();
    }, false).eventually(() -> m.vault().close());
  }

  private static void logFailure(io.dtvb.vaultsdk.plugin.proto.pb.Request r, Exception e) {
    LOG.warn("request failed", "operation", r.getOperation(), "path", r.getPath(),
        "request_id", r.getId(), "error", e.getClass().getSimpleName() + ": " + e.getMessage());
  }
}
