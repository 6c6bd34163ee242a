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

step "Platform tokens (dt0s16) through Account Management, on the same mount"
"$server" write dynatrace/config account_uuid="$(dvb_json_get "$SIM_JSON" account_uuid)" \
  account_client_id="$(dvb_json_get "$SIM_JSON" account_client_id)" \
  account_client_secret="$(dvb_json_get "$SIM_JSON" account_client_secret)" account_api_url="$SIM_URL" \
  environment_id="$(dvb_json_get "$SIM_JSON" environment_id)" sso_url="$(dvb_json_get "$SIM_JSON" sso_url)" \
  api_token="$SIM_API_TOKEN" >/dev/null  # sso_url changes: every credential it may reach is sent again
"$server" write dynatrace/roles/logs token_type=platform scopes=storage:logs:write ttl=10m max_ttl=1h >/dev/null
ok "dynatrace/roles/logs: token_type platform, scopes storage:logs:write, ttl 10m, max_ttl 1h"
creds="$("$server" read -format=json dynatrace/creds/logs)"
lease_id="$(field 'd["lease_id"]')"; token="$(field 'd["data"]["token"]')"
ok "token  $(field 'd["data"]["token_id"]') ($(field 'd["data"]["token_type"]')), expires $(field 'd["data"]["expires_at"]') — the lease's end, not the hard end"
status="$(curl -s -o /dev/null -w '%{http_code}' -X POST "$SIM_URL/platform/classic/environment-api/v2/logs/ingest" \
  -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data '[{"content":"demo"}]')"
[[ "$status" == 204 ]] || dvb_die "the platform token does not work as Bearer (HTTP $status)"
ok "the platform token ingests a log line as Bearer (HTTP $status)"
"$server" lease renew -increment=30m "$lease_id" >/dev/null
ok "renewed: its Dynatrace expiry moved with the lease"
"$server" lease revoke "$lease_id" >/dev/null
ok "revoked: the platform token is deleted in Account Management"

step "Done: stopping everything that was started"
