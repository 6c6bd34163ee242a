package io.dtvb.sidecarapi;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The sidecar's endpoints as both sides name them (docs/sidecar-api.md): the route patterns the
 * sidecar mounts and the paths the plugin calls, plus the header that carries the settings'
 * fingerprint on every connection call.
 */
public final class SidecarPaths {
  /** Sent with every connection call: the fingerprint of the settings the caller expects the sidecar to hold. */
  public static final String SETTINGS_FINGERPRINT_HEADER = "X-DVB-Settings-Fingerprint";

  public static final String CONNECTION = "/v1/connections/:id";
  public static final String VERIFY = CONNECTION + "/verify";
  /** rotate-root: a replacement minter token with the current minter's scopes. */
  public static final String MINTER = CONNECTION + "/minter";
  public static final String TOKENS = CONNECTION + "/tokens";
  public static final String REVOKE_BY_NAME = TOKENS + "/revoke-by-name";
  public static final String TOKEN = TOKENS + "/:tokenId";
  public static final String SWEEP = TOKEN + "/sweep";
  public static final String RETIRE = TOKEN + "/retire";
  public static final String RENEWED = TOKEN + "/renewed";
  /** A connection's own lease-log entries and proofs; {@code :what} as for {@link #LEASE_LOG}. */
  public static final String CONNECTION_LEASE_LOG = CONNECTION + "/lease-log/:what";
  /** The whole lease log (operators): checkpoint, public-key, entries, inclusion, consistency, export. */
  public static final String LEASE_LOG = "/v1/lease-log/:what";

  private SidecarPaths() {}

  /** A route pattern with its {@code :id} and {@code :tokenId} filled in (URL-encoded). */
  public static String fill(String pattern, String connectionId, String tokenId) {
    String p = pattern.replace(":id", encode(connectionId));
    return tokenId == null ? p : p.replace(":tokenId", encode(tokenId));
  }

  /** A path segment, URL-encoded. */
  public static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
