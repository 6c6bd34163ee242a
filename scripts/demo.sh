#!/usr/bin/env bash
# The main job, end to end against the bundled Dynatrace simulator:
#   simulator + sidecar (mTLS) + a dev-mode OpenBao/Vault server with the plugin registered,
#   then: enable dynatrace/, write config and a role, read creds, prove the token authenticates,
#   revoke the lease, prove the token no longer authenticates, and stop everything.
# Usage: scripts/demo.sh [--show-token]
# Server binary: $VAULT_BIN, else `bao` or `vault` on PATH, else the one scripts/openbao.sh builds.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

show_token=0
[[ "${1:-}" == "--show-token" ]] && show_token=1
[[ "${1:-}" == "-h" || "${1:-}" == "--help" ]] && { sed -n '2,8p' "$0"; exit 0; }

work="$(mktemp -d "${TMPDIR:-/tmp}/dvb-demo.XXXXXX")"
cleanup() { dvb_stop_all; if [[ "${DVB_KEEP:-0}" == 1 ]]; then echo "logs kept in $work" >&2; else rm -rf "$work"; fi; }
trap cleanup EXIT
step() { printf '\n== %s\n' "$*"; }
ok() { printf '   ok: %s\n' "$*"; }

step "Build"
dvb_build_jar
server="$(dvb_find_server)"
ok "jar target/dynatrace-vault-bridge.jar; server $("$server" version | head -1)"

step "Start the Dynatrace simulator, certificates and the sidecar (mTLS)"
dvb_start_stack "$work"
ok "simulator $SIM_URL"
ok "sidecar $SIDECAR_URL (client certificate required)"

step "Start a dev server with the plugin registered, enable it at dynatrace/"
dvb_start_server "$work" "$server"
dvb_enable_plugin dynatrace
ok "server $VAULT_ADDR; plugin launcher sha256 ${PLUGIN_SHA:0:12}..."

step "Configure the engine and a role"
"$server" write dynatrace/config environment_url="$SIM_URL" auth_mode=api_token \
  api_token="$SIM_API_TOKEN" allow_http_loopback=true sidecar_url="$SIDECAR_URL" \
  sidecar_ca_pem=@"$CERTS_DIR/ca.pem" sidecar_client_cert_pem=@"$CERTS_DIR/plugin.pem" \
  sidecar_client_key_pem=@"$CERTS_DIR/plugin-key.pem" >/dev/null
ok "dynatrace/config written (read shows fingerprints only)"
"$server" write dynatrace/roles/ci scopes=metrics.read,logs.ingest ttl=15m max_ttl=1h >/dev/null
ok "dynatrace/roles/ci: scopes metrics.read,logs.ingest, ttl 15m, max_ttl 1h"

step "Read dynatrace/creds/ci"
creds="$("$server" read -format=json dynatrace/creds/ci)"
field() { python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(eval(sys.argv[2]))' "$creds" "$1"; }
lease_id="$(field 'd["lease_id"]')"
token="$(field 'd["data"]["token"]')"
ok "lease  $lease_id (ttl $(field 'd["lease_duration"]')s, renewable $(field 'd["renewable"]'))"
ok "token  $(field 'd["data"]["token_id"]') named $(field 'd["data"]["token_name"]'), expires $(field 'd["data"]["expires_at"]')"
[[ $show_token == 1 ]] && ok "secret $token"

status="$(dvb_token_status "$token")"
[[ "$status" == 200 ]] || dvb_die "the minted token does not authenticate (HTTP $status)"
ok "the token authenticates against Dynatrace (lookup: HTTP $status)"

step "Revoke the lease"
"$server" lease revoke "$lease_id" >/dev/null
status="$(dvb_wait_token_gone "$token")"
[[ "$status" == 401 ]] || dvb_die "the token still authenticates after revoke (HTTP $status)"
ok "the token was deleted in Dynatrace (lookup: HTTP $status)"

step "Done: stopping everything that was started"
