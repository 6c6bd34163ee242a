package io.dtvb.engine;

import io.dtvb.sidecarapi.TokenType;
import io.dtvb.vaultsdk.framework.UserError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which scope names belong to which kind of token, and the one map from classic access-token
 * scopes to their platform-token equivalents. Classic scopes have no {@code ':'}
 * ({@code metrics.ingest}, {@code ReadConfig}); platform scopes are lowercase segments joined by
 * {@code ':'} ({@code storage:logs:read}). Dynatrace's classic create silently drops platform
 * names (the token authenticates and can do nothing), so a role must not mix the two.
 */
final class ScopeMap {
  /** Lowercase segments of letters, digits, '-', '.' and '_', at least two, joined by ':'. */
  private static final Pattern PLATFORM_SCOPE =
      Pattern.compile("^[a-z][a-z0-9._-]*(:[a-z0-9][a-z0-9._-]*)+$");

  /** Classic scope → its platform equivalents; an empty list means Dynatrace has no equivalent. */
  private static final Map<String, List<String>> CLASSIC_TO_PLATFORM = classicToPlatform();

  private ScopeMap() {}

  private static Map<String, List<String>> classicToPlatform() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("metrics.ingest", List.of("storage:metrics:write"));
    m.put("logs.ingest", List.of("storage:logs:write"));
    m.put("events.ingest", List.of("storage:events:write"));
    m.put("logs.read", List.of("storage:logs:read"));
    m.put("metrics.read", List.of("storage:metrics:read"));
    m.put("entities.read", List.of("storage:entities:read"));
    m.put("settings.read", List.of("settings:objects:read"));
    m.put("ReadConfig", List.of("settings:objects:read"));
    m.put("settings.write", List.of("settings:objects:write"));
    m.put("WriteConfig", List.of("settings:objects:write"));
    m.put("InstallerDownload", List.of("fleet-management:oneagents:download",
        "fleet-management:oneagent.connection-info:read", "fleet-management:container-images:read",
        "fleet-management:cluster-id:read"));
    m.put("activeGateTokenManagement.write", List.of("fleet-management:activegate.tokens:write"));
    m.put("activeGateTokenManagement.create", List.of("fleet-management:activegate.tokens:create"));
    m.put("DataExport", List.of());
    m.put("openTelemetryTrace.ingest", List.of());
    return java.util.Collections.unmodifiableMap(m);
  }

  /** True for a name shaped like a platform scope (it contains ':'). */
  static boolean looksPlatform(String scope) {
    return scope.indexOf(':') >= 0;
  }

  /**
   * The platform scopes that replace a classic one: empty when Dynatrace has none, absent when
   * the classic scope is not in the map.
   */
  static Optional<List<String>> platformEquivalents(String classicScope) {
    return Optional.ofNullable(CLASSIC_TO_PLATFORM.get(classicScope));
  }

  /**
   * Refuses scopes of the other kind of token (400 naming {@code scopes}): a classic scope on a
   * platform role names its platform equivalents where there are any; a platform scope on a
   * classic role says to set token_type=platform.
   */
  static void check(TokenType type, List<String> scopes) {
    if (type == TokenType.PLATFORM) {
      checkPlatform(scopes);
    } else {
      checkClassic(scopes);
    }
  }

  private static void checkClassic(List<String> scopes) {
    List<String> platform = scopes.stream().filter(ScopeMap::looksPlatform).toList();
    if (!platform.isEmpty()) {
      throw UserError.invalidField("scopes", platform + (platform.size() == 1 ? " is a platform scope" : " are"
          + " platform scopes") + ", which a classic access token cannot carry (Dynatrace's classic create"
          + " silently drops them: the token would authenticate and could do nothing); set token_type=platform"
          + " to mint platform tokens, or use classic scopes such as metrics.ingest");
    }
  }

  private static void checkPlatform(List<String> scopes) {
    List<String> problems = new ArrayList<>();
    for (String scope : scopes) {
      if (PLATFORM_SCOPE.matcher(scope).matches()) {
        continue;
      }
      if (looksPlatform(scope)) {
        problems.add("\"" + scope + "\" is not a platform scope (lowercase segments of letters, digits, '-',"
            + " '.' or '_' joined by ':', e.g. storage:logs:read)");
        continue;
      }
      problems.add("\"" + scope + "\" is a classic scope; " + platformEquivalents(scope)
          .map(eq -> eq.isEmpty() ? "Dynatrace has no platform equivalent for it"
              : "its platform equivalent is " + String.join(", ", eq))
          .orElse("this engine knows no platform equivalent for it; name the platform scope that grants the"
              + " same permission"));
    }
    if (!problems.isEmpty()) {
      throw UserError.invalidField("scopes", "a platform role (token_type=platform) needs platform scopes: "
          + String.join("; ", problems));
    }
  }
}
