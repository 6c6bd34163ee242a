package io.dtvb.engine;

import io.dtvb.vaultsdk.framework.Field;
import io.dtvb.vaultsdk.framework.FieldType;
import java.util.List;

/** The field schema of the {@code config} endpoint (names equal the stored entry's keys). */
final class ConfigFields {
  private ConfigFields() {}

  private static final String ENVIRONMENT_URL_HELP = """
      Dynatrace environment URL (https), e.g. https://abc12345.live.dynatrace.com, \
      https://abc12345.apps.dynatrace.com (oauth, platform_token) or https://host/e/<environment-id> \
      (Managed).""";

  private static final String ACCOUNT_SCOPE_HELP = """
      Space-separated SSO scopes the account client requests; default \
      platform-token:tokens:write platform-token:tokens:manage. Dynatrace's docs name \
      account-idm-read account-idm-write instead; SSO rejects the whole request if the client lacks \
      any requested scope, so list only scopes the client holds.""";

  private static final String ENVIRONMENT_ID_HELP = """
      Id of the environment platform tokens are restricted to (urn:dtenvironment:<id>; lowercase \
      letters, digits, '-'). Derived from environment_url when its host is <id>.live.dynatrace.com or \
      <id>.apps.dynatrace.com (or a dynatracelabs.com variant); otherwise required with the account side.""";

  static final Field VERIFY = Field.of("verify_connection", FieldType.BOOL,
      "Check the credential with a live Dynatrace call before saving (default true).").defaultValue(true);

  static final Field FORCE = Field.of("force", FieldType.BOOL,
      "Delete the configuration, or write auth_mode=none or clear the account side, although the inventory"
          + " lists live tokens that need it (their leases then cannot be revoked until it is configured again;"
          + " the tokens still expire on their own).")
      .defaultValue(false);

  static final List<Field> ALL = List.of(
      Field.of("environment_url", FieldType.STRING, ENVIRONMENT_URL_HELP).asRequired(),
      Field.of("auth_mode", FieldType.STRING, "How the classic minter authenticates: api_token (classic access "
          + "token), oauth (OAuth client), platform_token (Dynatrace platform token), or none (no classic "
          + "minter: only platform roles, through the account side, which is then required).")
          .defaultValue("api_token"),
      Field.of("api_token", FieldType.STRING,
          "Dynatrace access token with apiTokens.read and apiTokens.write (auth_mode=api_token).").asSensitive(),
      Field.of("oauth_client_id", FieldType.STRING, "OAuth client id (auth_mode=oauth)."),
      Field.of("oauth_client_secret", FieldType.STRING, "OAuth client secret (auth_mode=oauth).").asSensitive(),
      Field.of("oauth_resource", FieldType.STRING,
          "OAuth resource: urn:dtaccount:<uuid> or urn:dtenvironment:<id> (auth_mode=oauth)."),
      Field.of("oauth_scope", FieldType.STRING, "OAuth scopes to request; the sidecar has a default."),
      Field.of("sso_url", FieldType.STRING,
          "SSO token endpoint (https) of the oauth client and the account client; the sidecar has a default."),
      Field.of("platform_token", FieldType.STRING,
          "Dynatrace platform token (dt0s16.…) whose user may read and write API tokens "
              + "(environment-api:api-tokens:read and :write) (auth_mode=platform_token).").asSensitive(),
      Field.of("allow_http_loopback", FieldType.BOOL,
          "Allow plain http for environment_url and sso_url when the host is loopback (tests, demos).")
          .defaultValue(false),
      Field.of("sidecar_url", FieldType.STRING, "https URL of the sidecar.").asRequired(),
      Field.of("sidecar_ca_pem", FieldType.STRING, "PEM CA certificate(s) that sign the sidecar's certificate."),
      Field.of("sidecar_client_cert_pem", FieldType.STRING, "PEM client certificate the plugin presents."),
      Field.of("sidecar_client_key_pem", FieldType.STRING, "PEM private key of the client certificate.")
          .asSensitive(),
      Field.of("tidy_interval", FieldType.DURATION,
          "Run tidy from Vault's periodic rollback request this often; 0 (default) turns it off.")
          .defaultValue(0),
      Field.of("rotate_before", FieldType.DURATION,
          "auth_mode=api_token: rotate the minter token automatically once it expires within this window;"
              + " 0 (default) turns it off.").defaultValue(0),
      Field.of("account_uuid", FieldType.STRING, "UUID of the Dynatrace account whose Account Management API"
          + " mints platform tokens (token_type=platform roles); with it, account_client_id and"
          + " account_client_secret are required."),
      Field.of("account_client_id", FieldType.STRING, "Account OAuth client id (dt0s02.…) for platform tokens."),
      Field.of("account_client_secret", FieldType.STRING, "Account OAuth client secret for platform tokens;"
          + " reads show its sha256 fingerprint.").asSensitive(),
      Field.of("account_scope", FieldType.STRING, ACCOUNT_SCOPE_HELP),
      Field.of("account_api_url", FieldType.STRING, "Account Management API base URL (https); default "
          + AccountConfig.DEFAULT_API_URL + ". Plain http only for a loopback host with allow_http_loopback=true."),
      Field.of("environment_id", FieldType.STRING, ENVIRONMENT_ID_HELP));

  /** The fields no control character may reach: every URL and credential (PEM text has line breaks). */
  static final List<String> CHECKED_FOR_CONTROL_CHARACTERS = List.of("environment_url", "api_token",
      "oauth_client_id", "oauth_client_secret", "oauth_resource", "oauth_scope", "sso_url", "platform_token",
      "sidecar_url", "account_uuid", "account_client_id", "account_client_secret", "account_scope",
      "account_api_url", "environment_id");

}
