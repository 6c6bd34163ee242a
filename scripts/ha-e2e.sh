#!/usr/bin/env bash
# HA tier: a three-node HashiCorp Vault (or OpenBao) cluster with integrated storage (Raft) and TLS
# listeners on loopback, the plugin registered as an operator would (catalog API, pinned SHA-256),
# one sidecar and the simulator. Proves: standbys forward creds; leases survive a seal/unseal and a
# node restart, and their revocation afterwards deletes the tokens; a `kill -9` of the plugin is
# recovered on the next request with no lease lost; revoking a parent token deletes its children's
# Dynatrace tokens; after the leader is killed the cluster keeps minting and revoking (the new
# leader's expiration manager revokes leases the old leader issued) and the old leader's plugin
# process exits. Prints the failover time. Prints "ha-e2e: N passed, N failed".
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/checks.sh"

work="$(mktemp -d "${TMPDIR:-/tmp}/dvb-ha.XXXXXX")"
passed=0; failed=0
declare -A NODE_PID API_PORT CLUSTER_PORT
finish() {
  local i
  for i in 1 2 3; do [[ -n "${NODE_PID[$i]:-}" ]] && kill "${NODE_PID[$i]}" 2>/dev/null || true; done
  dvb_stop_all
  if (( failed > 0 )); then
    for i in 1 2 3; do echo "--- node$i log tail"; tail -n 15 "$work/node$i.log" 2>/dev/null || true; done
  fi
  [[ "${DVB_KEEP:-0}" == 1 ]] || rm -rf "$work"
}
trap finish EXIT

dvb_build_jar
server="$(dvb_find_server)"
dvb_start_stack "$work"
# The servers' TLS: a CA and a certificate for 127.0.0.1/localhost (the certs command's server cert).
java -jar "$DVB_JAR" certs --out "$work/server-tls" >"$work/server-tls.log" 2>&1
export VAULT_CACERT="$work/server-tls/ca.pem" BAO_CACERT="$work/server-tls/ca.pem"
# One plugin directory at one absolute path for every node: the launcher embeds the jar's path,
# and the catalog's SHA-256 (replicated through Raft) must match the launcher on every node.
PLUGIN_SHA="$("$DVB_ROOT/scripts/install-plugin.sh" "$work/plugins")"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
for i in 1 2 3; do API_PORT[$i]="$(free_port)"; CLUSTER_PORT[$i]="$(free_port)"; done

start_node() { # start_node I: (re)starts node I with its existing data
  local i="$1" cluster="${CLUSTER_PORT[$1]}"  # a node keeps its cluster address: Raft peers know it
  mkdir -p "$work/node$i/data"
  cat >"$work/node$i/config.hcl" <<EOF
storage "raft" {
  path    = "$work/node$i/data"
  node_id = "node$i"
  retry_join {
    leader_api_addr     = "https://127.0.0.1:${API_PORT[1]}"
    leader_ca_cert_file = "$work/server-tls/ca.pem"
  }
}
listener "tcp" {
  address         = "127.0.0.1:${API_PORT[$i]}"
  cluster_address = "127.0.0.1:$cluster"
  tls_cert_file   = "$work/server-tls/sidecar.pem"
  tls_key_file    = "$work/server-tls/sidecar-key.pem"
}
api_addr         = "https://127.0.0.1:${API_PORT[$i]}"
cluster_addr     = "https://127.0.0.1:$cluster"
plugin_directory = "$work/plugins"
disable_mlock    = true
EOF
  "$server" server -config="$work/node$i/config.hcl" >>"$work/node$i.log" 2>&1 </dev/null &
  NODE_PID[$i]=$!
  local n
  for n in $(seq 1 120); do
    curl -s --cacert "$VAULT_CACERT" -o /dev/null "https://127.0.0.1:${API_PORT[$i]}/v1/sys/health" && return 0
    kill -0 "${NODE_PID[$i]}" 2>/dev/null || break
    sleep 0.25
  done
  dvb_die "node$i did not come up (log: $work/node$i.log)"
}
on() { local i="$1"; shift; VAULT_ADDR="https://127.0.0.1:${API_PORT[$i]}" BAO_ADDR="https://127.0.0.1:${API_PORT[$i]}" "$server" "$@"; }
unseal() { on "$1" operator unseal "$UNSEAL_KEY" >/dev/null; }
health() { curl -s --cacert "$VAULT_CACERT" "https://127.0.0.1:${API_PORT[$1]}/v1/sys/health?standbyok=true&sealedcode=299&uninitcode=299" 2>/dev/null || true; }
is_active() { [[ "$(health "$1" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["initialized"] and not d["sealed"] and not d["standby"])' 2>/dev/null)" == True ]]; }
is_unsealed() { [[ "$(health "$1" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(not d["sealed"])' 2>/dev/null)" == True ]]; }
active_node() { local i; for i in 1 2 3; do is_active "$i" && { echo "$i"; return 0; }; done; return 1; }
wait_active() { # wait_active SECONDS [EXCEPT]: prints the active node once there is one (not EXCEPT)
  local limit="$1" except="${2:-0}" n a
  for n in $(seq 1 $((limit * 4))); do
    a="$(active_node || true)"; [[ -n "$a" && "$a" != "$except" ]] && { echo "$a"; return 0; }
    sleep 0.25
  done
  return 1
}
# Voters in the Raft configuration: autopilot promotes a joined node to voter only after it has
# been stable for a while; until then losing the leader leaves no quorum.
peers() { on "$(active_node)" operator raft list-peers -format=json 2>/dev/null \
  | python3 -c 'import json,sys; print(sum(1 for s in json.load(sys.stdin)["data"]["config"]["servers"] if s.get("voter")))' 2>/dev/null || echo 0; }
creds() { on "$1" read -format=json dynatrace/creds/ha; }
# Only this run's plugin processes (other runs on the machine have their own $work).
plugin_pids() { pgrep -f -- "$work/.*dynatrace-vault-bridge.jar plugin" || true; }

for i in 1 2 3; do start_node "$i"; done
init="$(on 1 operator init -key-shares=1 -key-threshold=1 -format=json)"
UNSEAL_KEY="$(jget "$init" 'd["unseal_keys_b64"][0]')"
export VAULT_TOKEN="$(jget "$init" 'd["root_token"]')" BAO_TOKEN="$(jget "$init" 'd["root_token"]')"
unseal 1
leader="$(wait_active 60)" || dvb_die "node1 did not become active"
for i in 2 3; do
  for _ in $(seq 1 120); do unseal "$i" 2>/dev/null && is_unsealed "$i" && break; sleep 0.5; done
done
for _ in $(seq 1 240); do [[ "$(peers)" == 3 ]] && break; sleep 0.5; done
check "three Raft nodes form one cluster of three voters" "3" "$(peers)"

version="v$(java -jar "$DVB_JAR" --version | awk '{print $2}')"
on "$leader" write sys/plugins/catalog/secret/dynatrace sha256="$PLUGIN_SHA" command=dynatrace-plugin \
  version="$version" >/dev/null
on "$leader" secrets enable -path=dynatrace -plugin-version="$version" dynatrace >/dev/null
on "$leader" write dynatrace/config environment_url="$SIM_URL" auth_mode=api_token api_token="$SIM_API_TOKEN" \
  allow_http_loopback=true sidecar_url="$SIDECAR_URL" sidecar_ca_pem=@"$CERTS_DIR/ca.pem" \
  sidecar_client_cert_pem=@"$CERTS_DIR/plugin.pem" sidecar_client_key_pem=@"$CERTS_DIR/plugin-key.pem" >/dev/null
on "$leader" write dynatrace/roles/ha scopes=metrics.read ttl=10m max_ttl=1h >/dev/null

standby=$(( leader % 3 + 1 ))
a="$(creds "$leader")"; a_token="$(jget "$a" 'd["data"]["token"]')"
check "the leader mints a token that authenticates" "200" "$(dvb_token_status "$a_token")"
b="$(creds "$standby")"; b_token="$(jget "$b" 'd["data"]["token"]')"
check "a standby forwards creds to the leader" "200" "$(dvb_token_status "$b_token")"

# Seal/unseal of the leader: another node takes over, the leases stay and revoke.
on "$leader" operator seal >/dev/null
new="$(wait_active 60 "$leader")" || dvb_die "no node took over after the seal"
unseal "$leader"
check "a lease survives the leader's seal/unseal" "$(jget "$a" 'd["lease_id"]')" \
  "$(on "$new" lease lookup -format=json "$(jget "$a" 'd["lease_id"]')" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["id"])')"
on "$new" lease revoke "$(jget "$a" 'd["lease_id"]')" >/dev/null
check "revoking it after the seal/unseal deletes its token" "401" "$(dvb_wait_token_gone "$a_token")"
leader="$new"

# A restart of a node (SIGTERM, start, unseal) keeps the leases too.
kill "${NODE_PID[$leader]}"; wait "${NODE_PID[$leader]}" 2>/dev/null || true
new="$(wait_active 60 "$leader")" || dvb_die "no node took over after the restart"
start_node "$leader"; unseal "$leader"
on "$new" lease revoke "$(jget "$b" 'd["lease_id"]')" >/dev/null
check "a lease minted before a node restart revokes afterwards" "401" "$(dvb_wait_token_gone "$b_token")"
leader="$new"

# kill -9 of the plugin process: the next request starts it again, no lease is lost.
c="$(creds "$leader")"; c_token="$(jget "$c" 'd["data"]["token"]')"
before="$(plugin_pids | sort | tr '\n' ' ')"
pkill -9 -f -- "$work/.*dynatrace-vault-bridge.jar plugin" || true
for _ in $(seq 1 40); do [[ -z "$(plugin_pids)" ]] && break; sleep 0.25; done
d=""
for _ in $(seq 1 40); do d="$(creds "$leader" 2>/dev/null)" && break; sleep 0.5; done
check "after kill -9 of the plugin the next creds works" "200" "$(dvb_token_status "$(jget "$d" 'd["data"]["token"]')")"
check "the plugin process was started again" "yes" "$([[ -n "$(plugin_pids)" && "$(plugin_pids | sort | tr '\n' ' ')" != "$before" ]] && echo yes || echo no)"
on "$leader" lease revoke "$(jget "$c" 'd["lease_id"]')" >/dev/null
check "a lease minted before the kill -9 still revokes" "401" "$(dvb_wait_token_gone "$c_token")"
PT_D="$d"

# A parent token's revocation revokes the leases made with its children.
printf 'path "dynatrace/creds/ha" {\n  capabilities = ["read"]\n}\npath "auth/token/create" {\n  capabilities = ["update"]\n}\n' \
  | on "$leader" policy write ha-reader - >/dev/null
parent="$(on "$leader" token create -policy=ha-reader -format=json | python3 -c 'import json,sys; print(json.load(sys.stdin)["auth"]["client_token"])')"
child="$(VAULT_TOKEN="$parent" BAO_TOKEN="$parent" on "$leader" token create -policy=ha-reader -format=json \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["auth"]["client_token"])')"
e_token="$(VAULT_TOKEN="$child" BAO_TOKEN="$child" on "$leader" read -format=json dynatrace/creds/ha | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["token"])')"
check "the child token's creds authenticate" "200" "$(dvb_token_status "$e_token")"
on "$leader" token revoke "$parent" >/dev/null
check "revoking the parent token deleted the child's Dynatrace token" "401" "$(dvb_wait_token_gone "$e_token")"

# Leader failover: kill -9 the active node; the cluster keeps minting, and the new leader revokes
# (and expires) leases the old leader issued.
on "$leader" write dynatrace/roles/short scopes=metrics.read ttl=15s max_ttl=15s >/dev/null
f="$(creds "$leader")"; f_token="$(jget "$f" 'd["data"]["token"]')"
s_token="$(on "$leader" read -format=json dynatrace/creds/short | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["token"])')"
old_plugins="$(pgrep -P "${NODE_PID[$leader]}" -f 'dynatrace-vault-bridge.jar plugin' || true)"
killed_at="$(date +%s.%N)"
kill -9 "${NODE_PID[$leader]}"
others=(); for i in 1 2 3; do [[ "$i" != "$leader" ]] && others+=("$i"); done
g=""; took=""
for _ in $(seq 1 240); do
  for i in "${others[@]}"; do
    # bounded: a standby whose leader just died may hold a forwarded request for a while
    if g="$(VAULT_CLIENT_TIMEOUT=5s BAO_CLIENT_TIMEOUT=5s creds "$i" 2>/dev/null)"; then
      took="$(python3 -c 'import sys,time; print(f"{time.time()-float(sys.argv[1]):.1f}")' "$killed_at")"; break 2
    fi
  done
  sleep 0.25
done
echo "     failover: leader killed -> first creds on the new leader in ${took:-?} s"
check "after the leader is killed the cluster mints again" "200" "$(dvb_token_status "$(jget "$g" 'd["data"]["token"]' 2>/dev/null)")"
new="$(wait_active 30)"
on "$new" lease revoke "$(jget "$f" 'd["lease_id"]')" >/dev/null
check "the new leader revokes a lease the old leader issued" "401" "$(dvb_wait_token_gone "$f_token")"
check "the new leader's expiration manager expires the old leader's short lease" "401" "$(dvb_wait_token_gone "$s_token" 90)"
gone="no"
for _ in $(seq 1 40); do
  alive=0; for p in $old_plugins; do kill -0 "$p" 2>/dev/null && alive=1; done
  (( alive == 0 )) && { gone="yes"; break; }; sleep 0.25
done
check "the killed leader's plugin process exits (its parent is gone)" "yes" "$gone"

# Secrets never in the nodes' logs.
leaks=0
for secret in "$SIM_API_TOKEN" "$a_token" "$b_token" "$c_token" "$e_token" "$f_token" "$s_token" "$UNSEAL_KEY"; do
  grep -rqF --include='*.log' -- "$secret" "$work" && leaks=$((leaks+1))
done
check "no token, credential or unseal key in any log of the run" "0" "$leaks"

echo "ha-e2e: $passed passed, $failed failed"
(( failed == 0 ))
