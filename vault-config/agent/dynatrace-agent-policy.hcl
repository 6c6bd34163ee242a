# Policy for the Vault Agent's token: mint tokens of one role and renew their leases.
#   vault policy write dynatrace-agent vault-config/agent/dynatrace-agent-policy.hcl

# Read = mint a Dynatrace token under a lease. One line per role the agent may use.
path "dynatrace/creds/app" {
  capabilities = ["read"]
}

# Renew the leases the agent holds. The built-in "default" policy grants the same; it is repeated
# here so that tokens created with no_default_policy still renew (without it every renewal is
# refused and the agent falls back to reading a new token near the end of each lease).
path "sys/leases/renew" {
  capabilities = ["update"]
}
