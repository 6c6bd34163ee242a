package io.dtvb.vaultsdk.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import io.dtvb.vaultsdk.framework.CodedError;
import io.dtvb.vaultsdk.framework.InmemStorage;
import io.dtvb.vaultsdk.framework.Operation;
import io.dtvb.vaultsdk.framework.Request;
import io.dtvb.vaultsdk.framework.Response;
import io.dtvb.vaultsdk.framework.SecretResponse;
import io.dtvb.vaultsdk.framework.UnsupportedOperationError;
import io.dtvb.vaultsdk.framework.UnsupportedPathError;
import io.dtvb.vaultsdk.framework.UserError;
import io.dtvb.vaultsdk.plugin.proto.pb.LeaseOptions;
import io.dtvb.vaultsdk.plugin.proto.pb.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtoTranslationTest {

  @Test
  void requestDataAndLeaseTimesAreDecoded() {
    var proto = io.dtvb.vaultsdk.plugin.proto.pb.Request.newBuilder()
        .setOperation("renew").setPath("creds/ci").setData("{\"a\":1}").setDisplayName("token-x")
        .setSecret(Secret.newBuilder().setInternalData("{\"token_id\":\"t\"}")
            .setLeaseOptions(LeaseOptions.newBuilder().setTTL(Duration.ofMinutes(5).toNanos())
                .setIncrement(Duration.ofMinutes(30).toNanos())
                .setIssueTime(Timestamp.newBuilder().setSeconds(1_700_000_000L))))
        .build();
    Request r = ProtoTranslation.toRequest(proto, new InmemStorage());
    assertEquals(Operation.RENEW, r.operation());
    assertEquals(1, r.data().get("a"));
    assertEquals("t", r.secret().internalData().get("token_id"));
    assertEquals(Duration.ofMinutes(30), r.secret().lease().increment());
    assertEquals(Instant.ofEpochSecond(1_700_000_000L), r.secret().lease().issueTime());
    assertEquals("token-x", r.context().displayName());
  }

  @Test
  void emptyOrNullDataIsAnEmptyMap() {
    var proto = io.dtvb.vaultsdk.plugin.proto.pb.Request.newBuilder().setOperation("read").setData("null").build();
    assertTrue(ProtoTranslation.toRequest(proto, null).data().isEmpty());
  }

  @Test
  void malformedDataIsAUserError() {
    var proto = io.dtvb.vaultsdk.plugin.proto.pb.Request.newBuilder().setOperation("update").setData("{").build();
    assertThrows(UserError.class, () -> ProtoTranslation.toRequest(proto, null));
  }

  @Test
  void responseSecretCarriesNanosecondTtlsIssueTimeAndJson() {
    Instant issued = Instant.ofEpochSecond(1_800_000_000L, 5);
    Response resp = Response.withSecret(Map.of("token_id", "x"),
        new SecretResponse(Map.of("k", "v"), Duration.ofHours(1), Duration.ofHours(2), true));
    var proto = ProtoTranslation.toProto(resp, issued);
    assertEquals("{\"token_id\":\"x\"}", proto.getData());
    assertEquals(Duration.ofHours(1).toNanos(), proto.getSecret().getLeaseOptions().getTTL());
    assertEquals(Duration.ofHours(2).toNanos(), proto.getSecret().getLeaseOptions().getMaxTTL());
    assertTrue(proto.getSecret().getLeaseOptions().getRenewable());
    assertEquals(1_800_000_000L, proto.getSecret().getLeaseOptions().getIssueTime().getSeconds());
    assertEquals("{\"k\":\"v\"}", proto.getSecret().getInternalData());
  }

  @Test
  void responseWithoutDataStillSendsValidJson() {
    assertEquals("{}", ProtoTranslation.toProto(Response.of(Map.of()), Instant.now()).getData());
  }

  @Test
  void errorsMapToVaultErrorTypesAndTransientOnesStayRetryable() {
    assertEquals(3, ProtoTranslation.toProtoError(new CodedError(503, "busy")).getErrType());
    assertEquals(503, ProtoTranslation.toProtoError(new CodedError(503, "busy")).getErrCode());
    assertEquals(6, ProtoTranslation.toProtoError(new UnsupportedPathError("x")).getErrType());
    assertEquals(5, ProtoTranslation.toProtoError(new UnsupportedOperationError("x")).getErrType());
    assertEquals(0, ProtoTranslation.toProtoError(new IllegalStateException("network down")).getErrType());
    assertEquals("network down", ProtoTranslation.toProtoError(new IllegalStateException("network down")).getErrMsg());
  }
}
