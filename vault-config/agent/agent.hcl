# Vault Agent (or OpenBao's `bao agent`) rendering a Dynatrace token from the dynatrace secrets
# engine into a file for an application. Explained in docs/vault-agent.md.
#
# Layout this file assumes (adjust the paths, nothing else needs to change):
#   /etc/vault-agent/agent.hcl                     this file
#   /etc/vault-agent/role-id, secret-id            AppRole credentials of the agent (see below)
#   /etc/vault-agent/dynatrace-token.ctmpl         renders the token value, nothing else
#   /etc/vault-agent/dynatrace-token.json.ctmpl    renders non-secret facts about it (token_id, expiry)
#   /run/dynatrace/token                           the token, mode 0600, owned by the agent's user
#   /run/dynatrace/token.json                      token_id, token_name, scopes, expires_at, lease_id
# The role is read from the DYNATRACE_ROLE environment variable of the agent ("app" if unset).
#
# Run: vault agent -config=/etc/vault-agent/agent.hcl   (or: bao agent -config=...)

pid_file = "/run/vault-agent/agent.pid"

vault {
  address = "https://127.0.0.1:8200"
  ca_cert = "/etc/vault/tls/ca.pem"
  retry {
    # Attempts for each failed request (e.g. a creds read that answers 503 while the sidecar or
    # Dynatrace is down), with exponential backoff from auto_auth's min_backoff to max_backoff.
    num_retries = 12
  }
}

# AppRole is the usual machine login. The agent's token needs the policy in
# dynatrace-agent-policy.hcl. Its token_ttl / token_max_ttl matter: when the agent logs in again,
# the template engine restarts and reads every secret anew (a new Dynatrace token), and when the
# old agent token expires Vault revokes the leases it created. See docs/vault-agent.md.
# (Kubernetes, AWS, cert, ... work the same way. For a local test, method "token_file" with
# token_file_path = "<file holding a Vault token>" needs no auth method set up at all.)
auto_auth {
  method "approle" {
    mount_path = "auth/approle"
    config = {
      role_id_file_path                   = "/etc/vault-agent/role-id"
      secret_id_file_path                 = "/etc/vault-agent/secret-id"
      remove_secret_id_file_after_reading = false
    }
  }
  # No sink: the application gets a Dynatrace token, never a Vault token.
}

template_config {
  # Stop the agent (and let the service manager restart it / alert) when a secret cannot be read
  # after all retries, instead of keeping a stale file around silently.
  exit_on_retry_failure = true
  # Fraction of a NON-renewable lease after which the secret is read again (0.90 is the default;
  # jittered by +/- 0.05). Renewable leases do not use it; see docs/vault-agent.md.
  lease_renewal_threshold = 0.90
}

template {
  source      = "/etc/vault-agent/dynatrace-token.ctmpl"
  destination = "/run/dynatrace/token"
  perms       = "0600"
  error_on_missing_key = true
  # Tell the application that the file changed (or let it watch the file):
  # exec {
  #   command = ["systemctl", "reload", "my-app.service"]
  #   timeout = "30s"
  # }
}

template {
  source      = "/etc/vault-agent/dynatrace-token.json.ctmpl"
  destination = "/run/dynatrace/token.json"
  perms       = "0644"
  error_on_missing_key = true
}
