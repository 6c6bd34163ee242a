package io.dtvb.engine;

import io.dtvb.vaultsdk.framework.Storage;
import java.util.HashMap;
import java.util.Map;

/**
 * The per-role quota of live tokens ({@code max_active_tokens}) without holding a lock across the
 * upstream call: a mint reserves a slot under a short lock (the role's inventory count plus the
 * mints of the role still in flight), calls Dynatrace, and then either confirms the slot (the
 * inventory entry is written; it now counts there) or releases it (the mint failed).
 */
final class RoleQuota {
  private final Map<String, Integer> inFlight = new HashMap<>();

  /** A reserved slot; close it once the inventory entry is written or the mint failed. */
  interface Slot extends AutoCloseable {
    @Override
    void close();
  }

  private static final Slot NONE = () -> { };

  /**
   * Reserves a slot for one mint of the role, or answers the live count that refuses it (a
   * negative max means no quota, and nothing is reserved).
   */
  Reservation reserve(Storage storage, String role, long max) {
    if (max <= 0) {
      return new Reservation(NONE, -1);
    }
    synchronized (this) {
      long live = TokenInventory.countByRole(storage, role) + inFlight.getOrDefault(role, 0);
      if (live >= max) {
        return new Reservation(null, live);
      }
      inFlight.merge(role, 1, Integer::sum);
    }
    java.util.concurrent.atomic.AtomicBoolean open = new java.util.concurrent.atomic.AtomicBoolean(true);
    return new Reservation(() -> {
      if (open.compareAndSet(true, false)) {
        release(role);
      }
    }, -1);
  }

  /** Mints of the role holding a slot right now (for tests and metrics). */
  synchronized int inFlight(String role) {
    return inFlight.getOrDefault(role, 0);
  }

  private synchronized void release(String role) {
    inFlight.computeIfPresent(role, (k, n) -> n <= 1 ? null : n - 1);
  }

  /** The answer to a reservation: a slot, or the live count that refused it (slot null). */
  record Reservation(Slot slot, long live) {
    boolean granted() {
      return slot != null;
    }
  }
}
