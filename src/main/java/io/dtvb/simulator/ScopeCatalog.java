package io.dtvb.simulator;

import java.util.List;
import java.util.Set;

/**
 * The scope vocabularies the simulator knows: the 91 creatable classic token scopes (reference §4.1 and
 * §4.2), the OAuth scopes that guard the token API on the platform proxy, and the platform scopes a
 * platform token ({@code dt0s16}) may be minted with through the Account Management API.
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

  /** Account API scope (platform-token family) for create, delete, expiry and status edits. */
  public static final String PLATFORM_TOKENS_WRITE = "platform-token:tokens:write";
  /** Account API scope (platform-token family) for list and limits. */
  public static final String PLATFORM_TOKENS_MANAGE = "platform-token:tokens:manage";
  /** Account API scope (IAM family, documented) for create, delete, expiry and status edits. */
  public static final String ACCOUNT_IDM_WRITE = "account-idm-write";
  /** Account API scope (IAM family, documented) for list and limits. */
  public static final String ACCOUNT_IDM_READ = "account-idm-read";

  /**
   * Platform scopes accepted in a platform token's {@code scope} list; anything else is answered
   * {@code 400 "Invalid scopes"} (field-reported for {@code environment-api:deployment:download} and
   * {@code storage:spans:write}, which are therefore absent). The list holds the scope names seen
   * working on platform tokens (fact sheet §4, braces expanded) plus common read scopes; it is not
   * Dynatrace's complete vocabulary.
   */
  public static final List<String> PLATFORM = List.of(
      // ingest
      "openpipeline:logs:ingest", "openpipeline:metrics:ingest", "openpipeline:traces:ingest",
      "openpipeline:events:ingest", "openpipeline:events.custom:ingest", "openpipeline:events.sdlc:ingest",
      "openpipeline:events.sdlc.custom:ingest", "openpipeline:events.security:ingest",
      "openpipeline:events.security.custom:ingest", "openpipeline:bizevents:ingest",
      "storage:logs:write", "storage:metrics:write", "storage:events:write",
      "data-acquisition:logs:ingest", "data-acquisition:metrics:ingest", "data-acquisition:events:ingest",
      // read
      "storage:logs:read", "storage:metrics:read", "storage:entities:read", "storage:buckets:read",
      "storage:spans:read", "storage:events:read", "storage:bizevents:read",
      // config
      "settings:objects:read", "settings:objects:write",
      "extensions:definitions:read", "extensions:definitions:write",
      "extensions:configurations:read", "extensions:configurations:write",
      // fleet management
      "fleet-management:oneagents:download", "fleet-management:activegates:download",
      "fleet-management:oneagent.connection-info:read", "fleet-management:activegate.connection-info:read",
      "fleet-management:container-images:read", "fleet-management:activegate.tokens:create",
      "fleet-management:activegate.tokens:write", "fleet-management:cluster-id:read",
      "fleet-management:oneagent.tokens:read",
      // apps, documents, automation
      "app-engine:apps:run", "document:documents:read", "automation:workflows:read",
      // classic access tokens through the platform proxy
      OAUTH_ALT_READ, OAUTH_ALT_WRITE, OAUTH_READ, OAUTH_WRITE,
      // account
      PLATFORM_TOKENS_WRITE, PLATFORM_TOKENS_MANAGE);

  private static final Set<String> CREATABLE = union();
  private static final Set<String> PLATFORM_SET = Set.copyOf(PLATFORM);

  private ScopeCatalog() {}

  /** Whether {@code scope} may appear in ApiTokenCreate/ApiTokenUpdate. */
  public static boolean isCreatable(String scope) {
    return CREATABLE.contains(scope);
  }

  /** Whether {@code scope} may appear in a platform token's {@code scope} list (Account Management). */
  public static boolean isPlatformScope(String scope) {
    return scope != null && PLATFORM_SET.contains(scope);
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
