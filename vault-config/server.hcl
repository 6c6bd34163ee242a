# Example Vault / OpenBao server configuration for running the Dynatrace plugin.
# Install the launcher into plugin_directory with: scripts/install-plugin.sh /etc/vault/plugins
# (the jar goes next to it, in /etc/vault/dynatrace-vault-bridge-lib/, outside the plugin directory).

plugin_directory = "/etc/vault/plugins"

storage "raft" {
  path    = "/var/lib/vault/data"
  node_id = "vault-1"
}

listener "tcp" {
  address       = "127.0.0.1:8200"
  tls_cert_file = "/etc/vault/tls/vault.pem"
  tls_key_file  = "/etc/vault/tls/vault-key.pem"
}

api_addr     = "https://127.0.0.1:8200"
cluster_addr = "https://127.0.0.1:8201"
