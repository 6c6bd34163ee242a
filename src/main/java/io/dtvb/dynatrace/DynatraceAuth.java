package io.dtvb.dynatrace;

import io.vertx.core.Future;

/** Supplies the Authorization header value for Dynatrace calls (never logged). */
interface DynatraceAuth {

  /** The header value, e.g. {@code Api-Token …} or {@code Bearer …}. */
  Future<String> authorization();

  /** Whether a 401 may be cured by fetching a fresh credential (OAuth bearers). */
  boolean refreshable();

  /** Forgets {@code authorization} if it is the cached credential (after a 401). */
  void invalidate(String authorization);

  /** Static classic access token. */
  static DynatraceAuth apiToken(String token) {
    return fixed("Api-Token " + token);
  }

  /** Static platform token sent as a bearer; nothing to refresh, so a 401 is final. */
  static DynatraceAuth platformToken(String token) {
    return fixed("Bearer " + token);
  }

  /** A header value that never changes. */
  private static DynatraceAuth fixed(String header) {
    return new DynatraceAuth() {
      @Override
      public Future<String> authorization() {
        return Future.succeededFuture(header);
      }

      @Override
      public boolean refreshable() {
        return false;
      }

      @Override
      public void invalidate(String authorization) {}
    };
  }
}
