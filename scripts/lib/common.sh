# Shared helpers for the demo, the end-to-end tests and the conformance tier.
# Source it; it defines functions and never starts anything by itself.
# Every process started here is recorded and stopped by dvb_stop_all (installed as an EXIT trap).

DVB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DVB_JAR="$DVB_ROOT/target/dynatrace-vault-bridge.jar"
DVB_PIDS=()

dvb_log() { printf '%s\n' "$*" >&2; }
dvb_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Builds the jar unless it is newer than every source file.
dvb_build_jar() {
  if [[ -f "$DVB_JAR" ]] && [[ -z "$(find "$DVB_ROOT/src/main" "$DVB_ROOT/pom.xml" -newer "$DVB_JAR" -print -quit)" ]]; then
    return 0
  fi
  dvb_log "building target/dynatrace-vault-bridge.jar (mvn package, tests skipped)..."
  (cd "$DVB_ROOT" && mvn -B -q package -DskipTests) >&2 || dvb_die "maven build failed"
}

# Starts a background process whose first stdout line is a JSON object and stores that line in VAR.
#   dvb_start_json VAR NAME LOGFILE cmd...
# (Not a command substitution: the PID must be recorded in this shell so dvb_stop_all can stop it.)
dvb_start_json() {
  local var="$1" name="$2" log="$3"; shift 3
  local out="$log.stdout" i
  : >"$out"
  "$@" >"$out" 2>>"$log" </dev/null &
  local pid=$!
  DVB_PIDS+=("$pid")
  for i in $(seq 1 600); do
    if [[ "$(wc -l <"$out")" -ge 1 ]]; then
      printf -v "$var" '%s' "$(head -n 1 "$out")"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || dvb_die "$name exited at start (log: $log)"
    sleep 0.1
  done
  dvb_die "$name did not start within 60 s (log: $log)"
}

# Reads a string field from a one-line JSON object.
dvb_json_get() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }

dvb_stop_all() {
  local pid
  for pid in "${DVB_PIDS[@]:-}"; do
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
  done
  for pid in "${DVB_PIDS[@]:-}"; do
    [[ -n "$pid" ]] && wait "$pid" 2>/dev/null || true
  done
  DVB_PIDS=()
}

# Starts simulator + certs + sidecar under WORKDIR; sets SIM_JSON, SIM_URL, SIM_API_TOKEN,
# SIM_PLATFORM_TOKEN, SIDECAR_URL, CERTS_DIR.
dvb_start_stack() {
  local work="$1"
  mkdir -p "$work"
  dvb_start_json SIM_JSON simulator "$work/simulator.log" java -jar "$DVB_JAR" simulator --port 0 --quiet
  SIM_URL="$(dvb_json_get "$SIM_JSON" url)"
  SIM_API_TOKEN="$(dvb_json_get "$SIM_JSON" api_token)"
  SIM_PLATFORM_TOKEN="$(dvb_json_get "$SIM_JSON" platform_token)"
  CERTS_DIR="$work/certs"
  java -jar "$DVB_JAR" certs --out "$CERTS_DIR" --force >"$work/certs.log" 2>&1 || dvb_die "certs failed (log: $work/certs.log)"
  # An operator identity, the only one that may read the whole lease log at the sidecar.
  OPERATOR_FP="$(java -jar "$DVB_JAR" certs --out "$CERTS_DIR" --client operator 2>>"$work/certs.log" \
    | awk '$1 == "fingerprint" {print $2}')"
  [[ "$OPERATOR_FP" == sha256:* ]] || dvb_die "certs --client operator printed no fingerprint (log: $work/certs.log)"
  dvb_start_sidecar "$work" 0
  export SIM_JSON SIM_URL SIM_API_TOKEN SIM_PLATFORM_TOKEN CERTS_DIR OPERATOR_FP
}

# curl to the sidecar as the operator (the whole lease log): dvb_operator_curl PATH [curl args...]
dvb_operator_curl() {
  local path="$1"; shift
  curl -sf --cacert "$CERTS_DIR/ca.pem" --cert "$CERTS_DIR/operator.pem" --key "$CERTS_DIR/operator-key.pem" \
    "$@" "$SIDECAR_URL$path"
}

# Starts the sidecar of WORKDIR on PORT (0 = any free port); sets and exports SIDECAR_URL. The
# simulator is on loopback, which the sidecar's policy allows only when told so. DVB_SIDECAR_POLICY
# names a policy file (the benchmark lifts the mint rate, which would otherwise cap its figures).
# The JVM options are the deployment ones, from their one file (vault-config/sidecar.jvm-options).
dvb_start_sidecar() {
  local work="$1" port="$2" sidecar_json
  dvb_start_json sidecar_json sidecar "$work/sidecar.log" java "@$DVB_ROOT/vault-config/sidecar.jvm-options" -jar "$DVB_JAR" sidecar \
    --listen "127.0.0.1:$port" --tls-cert "$CERTS_DIR/sidecar.pem" --tls-key "$CERTS_DIR/sidecar-key.pem" \
    --client-ca "$CERTS_DIR/ca.pem" --data-dir "$work/sidecar-data" ${DVB_SIDECAR_POLICY:+--policy "$DVB_SIDECAR_POLICY"} \
    --allow-loopback-dynatrace --operator-cert-fingerprint "$OPERATOR_FP" --account-cache-seconds "${DVB_ACCOUNT_CACHE_SECONDS:-1}"
  SIDECAR_URL="$(dvb_json_get "$sidecar_json" url)"
  export SIDECAR_URL
}

# Kills the sidecar of WORKDIR at once (SIGKILL: no goodbye), as a crash would.
dvb_kill_sidecar() {
  pkill -9 -f -- "--data-dir $1/sidecar-data" || true
}

# Counts strings shaped like a Dynatrace token secret (dt0c01.<public>.<secret>, any dt0 prefix)
# in the *.log files under DIR; prints the files that hold one. No log may hold a secret.
dvb_scan_logs() {
  local dir="$1" hits
  hits="$(grep -rlE --include='*.log' 'dt0[a-z][0-9]{2}\.[A-Za-z0-9]{8,}\.[A-Za-z0-9]{16,}' "$dir" 2>/dev/null || true)"
  [[ -n "$hits" ]] && printf 'token-shaped secret in: %s\n' $hits >&2
  printf '%s\n' "$(printf '%s' "$hits" | grep -c . || true)"
}

# HTTP status of a token lookup at the simulator using the token itself (200 = it authenticates).
dvb_token_status() {
  local token="$1"
  curl -s -o /dev/null -w '%{http_code}' -X POST "$SIM_URL/api/v2/apiTokens/lookup" \
    -H "Authorization: Api-Token $token" -H 'Content-Type: application/json' \
    --data "{\"token\":\"$token\"}"
}

# Waits (up to SECONDS, default 30) until the token stops authenticating; prints the last status.
# Revocation is queued by the server, so it completes shortly after `lease revoke` returns.
dvb_wait_token_gone() {
  local token="$1" limit="${2:-30}" status="" i
  for i in $(seq 1 $((limit * 2))); do
    status="$(dvb_token_status "$token")"
    [[ "$status" == 401 ]] && break
    sleep 0.5
  done
  printf '%s\n' "$status"
}

# Finds a Vault-compatible server: $VAULT_BIN, bao or vault on PATH, else builds OpenBao.
dvb_find_server() {
  if [[ -n "${VAULT_BIN:-}" ]]; then printf '%s\n' "$VAULT_BIN"; return; fi
  local b
  for b in bao vault; do
    if command -v "$b" >/dev/null 2>&1; then command -v "$b"; return; fi
  done
  "$DVB_ROOT/scripts/openbao.sh"
}

# Starts a dev server with our plugin installed in WORKDIR/plugins; sets VAULT_ADDR/BAO_ADDR, tokens, DVB_SERVER.
dvb_start_server() {
  local work="$1" bin="$2"
  local port; port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  PLUGIN_SHA="$("$DVB_ROOT/scripts/install-plugin.sh" "$work/plugins")"
  "$bin" server -dev -dev-root-token-id=root -dev-listen-address="127.0.0.1:$port" \
    -dev-plugin-dir="$work/plugins" >"$work/server.log" 2>&1 </dev/null &
  DVB_PIDS+=("$!")
  DVB_SERVER="$bin"
  export VAULT_ADDR="http://127.0.0.1:$port" BAO_ADDR="http://127.0.0.1:$port" VAULT_TOKEN=root BAO_TOKEN=root
  local i
  for i in $(seq 1 120); do
    if "$bin" status >/dev/null 2>&1; then break; fi
    sleep 0.5
  done
  "$bin" status >/dev/null 2>&1 || dvb_die "dev server did not come up (log: $work/server.log)"
  export PLUGIN_SHA DVB_SERVER
}

# Registers the plugin (pinned SHA-256 and version) and mounts it at PATH; each further argument
# is an environment variable (KEY=VALUE) for the plugin process. Registration goes through the
# catalog API, which Vault and OpenBao share (OpenBao's `plugin register` has no -env flag).
dvb_enable_plugin() {
  local mount="${1:-dynatrace}"; shift || true
  local version; version="v$(java -jar "$DVB_JAR" --version | awk '{print $2}')"
  local env_args=() kv
  for kv in "$@"; do env_args+=("env=$kv"); done
  "$DVB_SERVER" write sys/plugins/catalog/secret/dynatrace sha256="$PLUGIN_SHA" command=dynatrace-plugin \
    version="$version" "${env_args[@]}" >&2
  "$DVB_SERVER" secrets enable -path="$mount" -plugin-version="$version" dynatrace >&2
}
