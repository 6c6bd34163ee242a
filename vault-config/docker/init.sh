#!/usr/bin/env bash
# Compose's one-shot init: registers the plugin in the dev server (Vault, or OpenBao: whichever CLI
# this image has), then for each "MOUNT=SIDECAR_URL" argument mounts the engine at MOUNT, points it at
# that sidecar (which reaches the simulator on its loopback) and writes a demo role.
#   init.sh                                   -> dynatrace=https://simulator:8443
#   init.sh dynatrace-r1=https://sidecar-1:8443 dynatrace-r2=https://sidecar-2:8443
# VAULT_ADDR / VAULT_TOKEN (or BAO_ADDR / BAO_TOKEN) name the server.
set -euo pipefail
if command -v vault >/dev/null 2>&1; then cli=vault; else cli=bao; fi
export VAULT_ADDR="${VAULT_ADDR:-${BAO_ADDR:-http://vault:8200}}" VAULT_TOKEN="${VAULT_TOKEN:-${BAO_TOKEN:-root}}"
export BAO_ADDR="${BAO_ADDR:-$VAULT_ADDR}" BAO_TOKEN="${BAO_TOKEN:-$VAULT_TOKEN}"
(( $# )) || set -- "dynatrace=https://simulator:8443"
for _ in $(seq 1 120); do "$cli" status >/dev/null 2>&1 && break; sleep 0.5; done
for _ in $(seq 1 120); do [[ -s /shared/simulator.json ]] && break; sleep 0.5; done
api_token="$(sed -n 's/.*"api_token":"\([^"]*\)".*/\1/p' /shared/simulator.json)"
[[ -n "$api_token" ]] || { echo "init: no api_token in /shared/simulator.json" >&2; exit 1; }
lib=/vault/dynatrace-vault-bridge-lib; [[ -d "$lib" ]] || lib=/openbao/dynatrace-vault-bridge-lib
version="v$(java -jar "$lib/dynatrace-vault-bridge.jar" --version | awk '{print $2}')"
"$cli" plugin register -sha256="$(cat /opt/dvb/dynatrace-plugin.sha256)" -command=dynatrace-plugin \
  -version="$version" secret dynatrace
for spec in "$@"; do
  mount="${spec%%=*}" sidecar_url="${spec#*=}"
  mounts="$("$cli" secrets list -format=json)"   # (not piped into grep -q: a re-run must see an existing mount)
  [[ "$mounts" == *"\"$mount/\""* ]] || "$cli" secrets enable -path="$mount" -plugin-version="$version" dynatrace
  ok=0
  for _ in $(seq 1 120); do
    if out="$("$cli" write "$mount/config" environment_url=http://127.0.0.1:8080 allow_http_loopback=true \
        auth_mode=api_token api_token="$api_token" sidecar_url="$sidecar_url" \
        sidecar_ca_pem=@/certs/ca.pem sidecar_client_cert_pem=@/certs/plugin.pem \
        sidecar_client_key_pem=@/certs/plugin-key.pem 2>&1)"; then ok=1; break; fi
    sleep 1  # the sidecar may still be starting
  done
  (( ok )) || { echo "init: cannot configure $mount against $sidecar_url: $out" >&2; exit 1; }
  "$cli" write "$mount/roles/demo" scopes=metrics.read,logs.ingest ttl=10m max_ttl=1h
  echo "init: $mount -> $sidecar_url"
done
echo "init: dynatrace engine ready at $VAULT_ADDR (role demo)"
