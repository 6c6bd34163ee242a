package io.dtvb.simulator;

/** The active fault, consumed one matching request at a time; thread-safe. */
public final class FaultSwitch {
  private FaultSpec active;
  private int remaining;

  /** Activates {@code spec}, replacing any active fault ({@link FaultSpec.Mode#NONE} clears). */
  public synchronized void set(FaultSpec spec) {
    active = spec.mode() == FaultSpec.Mode.NONE ? null : spec;
    remaining = spec.count();
  }

  /** Clears any active fault. */
  public synchronized void clear() {
    active = null;
    remaining = 0;
  }

  /** The active fault with the number of requests it still affects (-1 = until cleared), or mode none. */
  public synchronized FaultSpec current() {
    if (active == null) {
      return new FaultSpec(FaultSpec.Mode.NONE, -1, 0, 0, null, 0);
    }
    return active.withCount(remaining);
  }

  /** The fault to apply to a request for {@code path}, consuming one use; null when none applies. */
  synchronized FaultSpec take(String path) {
    if (active == null || (active.pathPrefix() != null && !path.startsWith(active.pathPrefix()))) {
      return null;
    }
    FaultSpec spec = active;
    if (remaining > 0 && --remaining == 0) {
      active = null;
    }
    return spec;
  }
}
