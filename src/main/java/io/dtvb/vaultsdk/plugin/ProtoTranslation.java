package io.dtvb.vaultsdk.plugin;

import com.fasterxml.jackson.core.type.TypeReference;
import com.google.protobuf.Timestamp;
import io.dtvb.vaultsdk.framework.CodedError;
import io.dtvb.vaultsdk.framework.LeaseOptions;
import io.dtvb.vaultsdk.framework.Operation;
import io.dtvb.vaultsdk.framework.Request;
import io.dtvb.vaultsdk.framework.RequestContext;
import io.dtvb.vaultsdk.framework.Response;
import io.dtvb.vaultsdk.framework.SecretInfo;
import io.dtvb.vaultsdk.framework.SecretResponse;
import io.dtvb.vaultsdk.framework.Storage;
import io.dtvb.vaultsdk.framework.UnsupportedOperationError;
import io.dtvb.vaultsdk.framework.UnsupportedPathError;
import io.dtvb.vaultsdk.framework.UserError;
import io.dtvb.vaultsdk.plugin.proto.pb.ProtoError;
import io.dtvb.vaultsdk.plugin.proto.pb.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Converts between Vault's protobuf messages and the framework's types (JSON-in-string, ns TTLs). */
final class ProtoTranslation {
  static final int ERR_UNKNOWN = 0;
  static final int ERR_USER = 1;
  static final int ERR_CODED = 3;
  static final int ERR_UNSUPPORTED_OPERATION = 5;
  static final int ERR_UNSUPPORTED_PATH = 6;

  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

  private ProtoTranslation() {}

  static Request toRequest(io.dtvb.vaultsdk.plugin.proto.pb.Request r, Storage storage) {
    Operation op = Operation.fromWire(r.getOperation())
        .orElseThrow(() -> new UnsupportedOperationError("unknown operation " + r.getOperation()));
    SecretInfo secret = r.hasSecret() ? toSecretInfo(r.getSecret()) : null;
    RequestContext ctx = new RequestContext(r.getDisplayName(), r.getEntityId(), r.getMountPoint(),
        r.getMountType(), r.getMountAccessor(), r.getClientTokenAccessor());
    return new Request(r.getId(), op, r.getPath(), parse(r.getData()), secret, storage, ctx);
  }

  static SecretInfo toSecretInfo(Secret s) {
    var lo = s.getLeaseOptions();
    Instant issued = lo.hasIssueTime()
        ? Instant.ofEpochSecond(lo.getIssueTime().getSeconds(), lo.getIssueTime().getNanos()) : null;
    LeaseOptions lease = new LeaseOptions(Duration.ofNanos(lo.getTTL()), Duration.ofNanos(lo.getMaxTTL()),
        lo.getRenewable(), Duration.ofNanos(lo.getIncrement()), issued);
    return new SecretInfo(lease, parse(s.getInternalData()));
  }

  /** A framework response as protobuf; {@code issueTime} is the lease's issue time (now for new leases). */
  static io.dtvb.vaultsdk.plugin.proto.pb.Response toProto(Response resp, Instant issueTime) {
    var b = io.dtvb.vaultsdk.plugin.proto.pb.Response.newBuilder()
        .setData(json(resp.data()))
        .addAllWarnings(resp.warnings());
    SecretResponse s = resp.secret();
    if (s != null) {
      var lease = io.dtvb.vaultsdk.plugin.proto.pb.LeaseOptions.newBuilder()
          .setTTL(s.ttl().toNanos())
          .setMaxTTL(s.maxTtl().toNanos())
          .setRenewable(s.renewable())
          .setIssueTime(Timestamp.newBuilder()
              .setSeconds(issueTime.getEpochSecond()).setNanos(issueTime.getNano()));
      b.setSecret(Secret.newBuilder().setLeaseOptions(lease).setInternalData(json(s.internalData())));
    }
    return b.build();
  }

  /** Maps a handler failure to the error type Vault expects; transient failures stay type 0. */
  static ProtoError toProtoError(Throwable e) {
    ProtoError.Builder b = ProtoError.newBuilder().setErrMsg(String.valueOf(e.getMessage()));
    if (e instanceof CodedError c) {
      return b.setErrType(ERR_CODED).setErrCode(c.status()).build();
    }
    if (e instanceof UnsupportedPathError) {
      return b.setErrType(ERR_UNSUPPORTED_PATH).build();
    }
    if (e instanceof UnsupportedOperationError) {
      return b.setErrType(ERR_UNSUPPORTED_OPERATION).build();
    }
    if (e instanceof UserError) {
      return b.setErrType(ERR_USER).build();
    }
    return b.setErrType(ERR_UNKNOWN).build();
  }

  static Map<String, Object> parse(String json) {
    if (json == null || json.isBlank() || "null".equals(json.trim())) {
      return new LinkedHashMap<>();
    }
    try {
      return Storage.JSON.readValue(json, MAP);
    } catch (IOException e) {
      throw new UserError("request data is not a JSON object: " + e.getMessage());
    }
  }

  static String json(Object value) {
    try {
      return value == null ? "{}" : Storage.JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
