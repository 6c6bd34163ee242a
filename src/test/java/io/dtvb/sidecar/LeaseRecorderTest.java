package io.dtvb.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dtvb.leaselog.EventType;
import io.dtvb.sidecar.LeaseRecorder.Operation;
import io.dtvb.sidecar.LeaseRecorder.Outcome;
import org.junit.jupiter.api.Test;

/** The one mapping from what the sidecar did to what the lease log records. */
class LeaseRecorderTest {

  @Test
  void theEventFollowsFromTheOperationAndItsOutcomeOnly() {
    assertEquals(EventType.MINTED, LeaseRecorder.eventFor(Operation.MINT, Outcome.DONE));
    assertEquals(EventType.MINT_FAILED, LeaseRecorder.eventFor(Operation.MINT, Outcome.FAILED));
    assertEquals(EventType.MINTED, LeaseRecorder.eventFor(Operation.MINTER, Outcome.DONE));
    assertEquals(EventType.MINT_FAILED, LeaseRecorder.eventFor(Operation.MINTER, Outcome.FAILED));
    assertEquals(EventType.REVOKED, LeaseRecorder.eventFor(Operation.REVOKE, Outcome.DONE));
    assertEquals(EventType.ALREADY_GONE, LeaseRecorder.eventFor(Operation.REVOKE, Outcome.ALREADY_GONE));
    assertEquals(EventType.REVOKE_FAILED, LeaseRecorder.eventFor(Operation.REVOKE, Outcome.FAILED));
    assertEquals(EventType.SWEPT, LeaseRecorder.eventFor(Operation.SWEEP, Outcome.DONE));
    assertEquals(EventType.SWEPT, LeaseRecorder.eventFor(Operation.SWEEP, Outcome.ALREADY_GONE));
    assertEquals(EventType.REVOKE_FAILED, LeaseRecorder.eventFor(Operation.SWEEP, Outcome.FAILED));
    assertEquals(EventType.ROTATED_ROOT, LeaseRecorder.eventFor(Operation.RETIRE, Outcome.DONE));
    assertEquals(EventType.ROTATED_ROOT, LeaseRecorder.eventFor(Operation.RETIRE, Outcome.ALREADY_GONE));
    assertEquals(EventType.REVOKE_FAILED, LeaseRecorder.eventFor(Operation.RETIRE, Outcome.FAILED));
    assertEquals(EventType.ROLLED_BACK, LeaseRecorder.eventFor(Operation.REVOKE_BY_NAME, Outcome.DONE));
    assertEquals(EventType.REVOKE_FAILED, LeaseRecorder.eventFor(Operation.REVOKE_BY_NAME, Outcome.FAILED));
    assertEquals(EventType.RENEWED, LeaseRecorder.eventFor(Operation.RENEWED, Outcome.DONE));
    assertEquals(EventType.REFUSED, LeaseRecorder.eventFor(Operation.REFUSED, Outcome.DONE));
  }
}
