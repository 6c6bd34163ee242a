#!/usr/bin/env bash
# Compose's one-shot "init": registers and mounts the plugin in the dev OpenBao, points it at the
# sidecar (which reaches the simulator on its loopback) and writes a demo role.
set -euo pipefail
export BAO_ADDR="${BAO_ADDR:-http://openbao:8200}" BAO_TOKEN="${BAO_TOKEN:-root}"
for _ in $(seq 1 120); do bao status >/dev/null 2>&1 && break; sleep 0.5; done
for _ in $(seq 1 120); do [[ -s /shared/simulator.json ]] && break; sleep 0.5; done
api_token="$(sed -n 's/.*"api_token":"\([^"]*\)".*/\1/p' /shared/simulator.json)"
[[ -n "$api_token" ]] || { echo "init: no api_token in /shared/simulator.json" >&2; exit 1; }
version="v$(java -jar /openbao/dynatrace-vault-bridge-lib/dynatrace-vault-bridge.jar --version | awk '{print $2}')"
bao plugin register -sha256="$(cat /opt/dvb/dynatrace-plugin.sha256)" -command=dynatrace-plugin \
  -version="$version" secret dynatrace
bao secrets enable -path=dynatrace -plugin-version="$version" dynatrace
for _ in $(seq 1 120); do
  bao write dynatrace/config environment_url=http://127.0.0.1:8080 allow_http_loopback=true \
    auth_mode=api_token api_token="$api_token" sidecar_url=https://simulator:8443 \
    sidecar_ca_pem=@/certs/ca.pem sidecar_client_cert_pem=@/certs/plugin.pem \
    sidecar_client_key_pem=@/certs/plugin-key.pem >/dev/null 2>&1 && break
  sleep 1  # the sidecar may still be starting
done
bao read dynatrace/config >/dev/null
bao write dynatrace/roles/demo scopes=metrics.read,logs.ingest ttl=10m max_ttl=1h
echo "init: dynatrace engine ready at $BAO_ADDR (role demo)"
