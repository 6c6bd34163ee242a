package io.dtvb.engine;

import static io.dtvb.engine.EngineHarness.assertOk;
import static io.dtvb.engine.EngineHarness.errorOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.vaultsdk.framework.CodedError;
import io.dtvb.vaultsdk.framework.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** lease-log/... reads the sidecar's lease log through Vault, with checked parameters. */
class LeaseLogPathTest {
  private final EngineHarness h = new EngineHarness();

  @Test
  void checkpointIsTheSidecarsAnswer() throws Exception {
    h.configured();
    h.broker.leaseLogAnswers.put("checkpoint", Map.of("size", 3, "checkpoint", "origin\n3\nroot=\n\n— k sig\n"));

    Response r = h.read("lease-log/checkpoint");

    assertOk(r);
    assertEquals(3, r.data().get("size"));
    assertEquals(List.of("checkpoint {}"), h.broker.leaseLogCalls);
  }

  @Test
  void entriesDefaultToAHundredFromStartAndPassTheRange() throws Exception {
    h.configured();

    assertOk(h.read("lease-log/entries", Map.of("start", 5)));
    assertOk(h.read("lease-log/entries", Map.of("start", 0, "end", 1000)));

    assertEquals(List.of("entries {end=105, start=5}", "entries {end=1000, start=0}"), h.broker.leaseLogCalls);
  }

  @Test
  void badRangesAndProofParametersAreRefusedNamingTheField() throws Exception {
    h.configured();

    assertTrue(errorOf(h.read("lease-log/entries", Map.of("start", 0, "end", 1001))).contains("\"end\""));
    assertTrue(errorOf(h.read("lease-log/entries", Map.of("start", 10, "end", 5))).contains("\"end\""));
    assertTrue(errorOf(h.read("lease-log/entries", Map.of("start", -1))).contains("\"start\""));
    assertTrue(errorOf(h.read("lease-log/proof/inclusion", Map.of("index", 5, "tree_size", 5))).contains("\"index\""));
    assertTrue(errorOf(h.read("lease-log/proof/inclusion", Map.of("index", 1))).contains("tree_size"));
    assertTrue(errorOf(h.read("lease-log/proof/consistency", Map.of("first", 9, "second", 5))).contains("\"first\""));
    assertTrue(h.broker.leaseLogCalls.isEmpty());
  }

  @Test
  void proofsPassTheirParameters() throws Exception {
    h.configured();

    assertOk(h.read("lease-log/proof/inclusion", Map.of("index", 2, "tree_size", 7)));
    assertOk(h.read("lease-log/proof/consistency", Map.of("first", 3, "second", 7)));

    assertEquals(List.of("inclusion {index=2, tree_size=7}", "consistency {first=3, second=7}"),
        h.broker.leaseLogCalls);
  }

  @Test
  void anUnreachableSidecarIsA503AndNoConfigIsA400() throws Exception {
    assertTrue(errorOf(h.read("lease-log/checkpoint")).contains("not configured"));
    h.configured();
    h.broker.failNext(FakeSidecar.Call.LEASE_LOG, UpstreamException.retryable("sidecar unreachable", null));

    CodedError e = assertThrows(CodedError.class, () -> h.read("lease-log/export"));

    assertEquals(503, e.status());
  }
}
