package io.dtvb.simulator;

/** The three base-path shapes under which Dynatrace serves the token API, with their credentials. */
enum ApiFlavor {
  /** SaaS classic host: {@code /api/v2}, {@code Api-Token}. */
  CLASSIC("/api/v2"),
  /** SaaS platform proxy: {@code /platform/classic/environment-api/v2}, {@code Bearer}. */
  PLATFORM("/platform/classic/environment-api/v2"),
  /** Managed / ActiveGate: {@code /e/<env-id>/api/v2}, {@code Api-Token}. */
  MANAGED("/e/:envId/api/v2");

  private final String basePath;

  ApiFlavor(String basePath) {
    this.basePath = basePath;
  }

  /** Route pattern of the base path (Vert.x Web syntax). */
  String basePath() {
    return basePath;
  }
}
