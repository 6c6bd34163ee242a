package io.dtvb.engine;

import com.fasterxml.jackson.core.type.TypeReference;
import io.dtvb.sidecarapi.CredentialInfo;
import io.dtvb.sidecarapi.SidecarJson;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The stored verification of the minters ({@value ConfigPath#VERIFICATION_KEY}, shown by config
 * reads as {@code minter}): the sidecar's {@link CredentialInfo} (with its account check) as a
 * map without empty fields, and when it was taken.
 */
final class ConfigVerification {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private ConfigVerification() {}

  /** The map to store for a verification answered at {@code at}. */
  static Map<String, Object> of(CredentialInfo info, Instant at) {
    Map<String, Object> out = new LinkedHashMap<>(SidecarJson.mapper().convertValue(info, MAP));
    out.values().removeIf(Objects::isNull);
    out.put("verified_at", at.toString());
    return out;
  }
}
