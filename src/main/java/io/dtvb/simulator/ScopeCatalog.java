package io.dtvb.simulator;

import java.util.List;
import java.util.Set;

/**
 * The scope vocabularies the simulator knows: the 91 creatable classic token scopes (reference §4.1 and
 * §4.2) and the OAuth scopes that guard the token API on the platform proxy.
 */
public final class ScopeCatalog {

  /** Classic scope that allows GET/list of tokens. */
  public static final String API_TOKENS_READ = "apiTokens.read";
  /** Classic scope that allows create/update/delete of tokens. */
  public static final String API_TOKENS_WRITE = "apiTokens.write";
  /** OAuth scope for reading tokens through the platform proxy. */
  public static final String OAUTH_READ = "environment-api:api-tokens:read";
  /** OAuth scope for writing tokens through the platform proxy. */
  public static final String OAUTH_WRITE = "environment-api:api-tokens:write";
  /** Alternative OAuth scope family documented by the SDK. */
  public static final String OAUTH_ALT_READ = "api-tokens:tokens:read";
  /** Alternative OAuth scope family documented by the SDK. */
  public static final String OAUTH_ALT_WRITE = "api-tokens:tokens:write";

  /** Dotted ("API v2") creatable scopes, reference §4.1. */
  public static final List<String> DOTTED = List.of(
      "apiTokens.read", "apiTokens.write", "activeGateTokenManagement.read",
      "activeGateTokenManagement.create", "activeGateTokenManagement.write",
      "agentTokenManagement.read", "tenantTokenRotation.write",
      "metrics.read", "metrics.write", "metrics.ingest",
      "logs.read", "logs.ingest",
      "events.read", "events.ingest", "problems.read", "problems.write", "bizevents.ingest",
      "openpipeline.events", "openpipeline.events.custom", "openpipeline.events_security",
      "openpipeline.events_security.custom", "openpipeline.events_sdlc",
      "openpipeline.events_sdlc.custom", "openpipeline.events_smartscape",
      "openTelemetryTrace.ingest", "traces.lookup",
      "entities.read", "entities.write", "settings.read", "settings.write", "unifiedAnalysis.read",
      "securityProblems.read", "securityProblems.write", "attacks.read", "attacks.write",
      "slo.read", "slo.write", "releases.read", "auditLogs.read",
      "activeGates.read", "activeGates.write", "oneAgents.read", "oneAgents.write",
      "networkZones.read", "networkZones.write", "adaptiveTrafficManagement.read",
      "credentialVault.read", "credentialVault.write",
      "extensions.read", "extensions.write", "extensionConfigurations.read",
      "extensionConfigurations.write", "extensionConfigurationActions.write",
      "extensionEnvironment.read", "extensionEnvironment.write", "extensionDiscoveryJmx.read",
      "extensionDiscoveryPmi.read", "hub.read", "hub.write", "hub.install",
      "syntheticExecutions.read", "syntheticExecutions.write", "syntheticLocations.read",
      "syntheticLocations.write",
      "geographicRegions.read", "javaScriptMappingFiles.read", "javaScriptMappingFiles.write",
      "rumCookieNames.read", "rumManualInsertionTags.read");

  /** Legacy CamelCase creatable scopes, reference §4.2. */
  public static final List<String> LEGACY = List.of(
      "DataExport", "ReadConfig", "WriteConfig", "DataImport", "LogExport", "InstallerDownload",
      "SupportAlert", "PluginUpload", "ExternalSyntheticIntegration", "ReadSyntheticData",
      "AdvancedSyntheticIntegration", "RumBrowserExtension", "RumJavaScriptTagManagement",
      "DTAQLAccess", "UserSessionAnonymization", "DataPrivacy", "CaptureRequestData", "Davis",
      "DssFileManagement", "TenantTokenManagement", "ActiveGateCertManagement",
      "RestRequestForwarding");

  private static final Set<String> CREATABLE = union();

  private ScopeCatalog() {}

  /** Whether {@code scope} may appear in ApiTokenCreate/ApiTokenUpdate. */
  public static boolean isCreatable(String scope) {
    return CREATABLE.contains(scope);
  }

  /** All creatable scopes. */
  public static Set<String> creatable() {
    return CREATABLE;
  }

  /** The human description Dynatrace appends in "missing required scope" messages. */
  static String describe(String scope) {
    return switch (scope) {
      case API_TOKENS_READ -> "Read API tokens";
      case API_TOKENS_WRITE -> "Write API tokens";
      case OAUTH_READ, OAUTH_ALT_READ -> "View API tokens";
      case OAUTH_WRITE, OAUTH_ALT_WRITE -> "Manage API tokens";
      default -> scope;
    };
  }

  private static Set<String> union() {
    java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(DOTTED);
    all.addAll(LEGACY);
    return java.util.Collections.unmodifiableSet(all);
  }
}
