# Benchmark part 2: a dev server with our plugin and HashiCorp's kv plugin (both external, both
# registered through the catalog API) and Vault's built-in kv; reads, mints, mass revoke.
# Source after common.sh and bench-tools.sh. Every request goes through benchtool's keep-alive
# client, never the vault CLI (whose own start-up would dwarf a read).

# Starts simulator, certificates, sidecar (with a policy that lifts the per-connection mint
# rate, 100/s by default, which would otherwise be what the parallel figures measure) and the dev
# server; mounts dynatrace/ (config + role ci), kv-go/ and kv-builtin/ (both kv version 1, one
# object each). Sets SIM_PID, SIDECAR_PID, SERVER_PID, PLUGIN_PID, KV_PID, TOKEN_PREFIX.
bench_server_setup() {
  local work="$1" server="$2" n
  mkdir -p "$work"
  printf '{"mint_rate_per_second": 100000, "mint_burst": 100000}\n' >"$work/policy.json"
  n=${#DVB_PIDS[@]}
  DVB_SIDECAR_POLICY="$work/policy.json" dvb_start_stack "$work"
  SIM_PID="${DVB_PIDS[$n]}" SIDECAR_PID="${DVB_PIDS[$((n + 1))]}"
  dvb_start_server "$work" "$server"
  SERVER_PID="${DVB_PIDS[-1]}"
  dvb_enable_plugin dynatrace >/dev/null 2>&1 || dvb_die "enabling the plugin failed (log: $work/server.log)"
  "$server" write dynatrace/config environment_url="$SIM_URL" auth_mode=api_token \
    api_token="$SIM_API_TOKEN" allow_http_loopback=true sidecar_url="$SIDECAR_URL" \
    sidecar_ca_pem=@"$CERTS_DIR/ca.pem" sidecar_client_cert_pem=@"$CERTS_DIR/plugin.pem" \
    sidecar_client_key_pem=@"$CERTS_DIR/plugin-key.pem" >/dev/null 2>>"$work/setup.log" \
    || dvb_die "config write failed (log: $work/setup.log)"
  "$server" write dynatrace/roles/ci scopes=metrics.read ttl=1h max_ttl=2h >/dev/null
  "$server" write dynatrace/roles/mass scopes=metrics.read ttl=1h max_ttl=2h >/dev/null
  TOKEN_PREFIX="$("$server" read -field=token_name_prefix dynatrace/config)"
  # HashiCorp's kv plugin, external like ours: Vault only runs what is in its plugin directory.
  cp "$BENCH_KV_BIN" "$work/plugins/kv-go"
  "$server" write sys/plugins/catalog/secret/kv-go sha256="$(sha256sum "$work/plugins/kv-go" | cut -d' ' -f1)" \
    command=kv-go >/dev/null || dvb_die "registering the kv plugin failed"
  "$server" secrets enable -path=kv-go kv-go >/dev/null  # no version option: kv version 1
  "$server" secrets enable -path=kv-builtin -version=1 kv >/dev/null
  "$server" write kv-go/obj team=bench note="one stored object" >/dev/null
  "$server" write kv-builtin/obj team=bench note="one stored object" >/dev/null
  PLUGIN_PID="$(bench_child_pid "$SERVER_PID" dynatrace-vault-bridge)"
  KV_PID="$(bench_child_pid "$SERVER_PID" kv-go)"
  [[ -n "$PLUGIN_PID" && -n "$KV_PID" ]] || dvb_die "plugin processes not found under the server (pid $SERVER_PID)"
  export DVB_BENCH_API_TOKEN="$SIM_API_TOKEN"  # benchtool reads it from the environment, not argv
}

# The NAME=PID pairs of every process, for bench_rss_line.
bench_processes() {
  printf '%s\n' "plugin=$PLUGIN_PID" "kv=$KV_PID" "sidecar=$SIDECAR_PID" "simulator=$SIM_PID" "server=$SERVER_PID"
}

# Reads of one stored object: ours (roles/ci), the Go kv plugin, Vault's built-in kv, round-robin.
# The warm-up runs apart, so that the telemetry window SNAPDIR.0 → SNAPDIR.1 holds measured reads only.
bench_reads() {
  local results="$1" snap="$2" targets=(-target "read.ours=$VAULT_ADDR/v1/dynatrace/roles/ci"
    -target "read.kv=$VAULT_ADDR/v1/kv-go/obj" -target "read.builtin=$VAULT_ADDR/v1/kv-builtin/obj")
  dvb_log "reads: $BENCH_WARMUP warm-up + $BENCH_READS measured each, round-robin ours / Go kv / built-in kv..."
  bench_tool http -H "X-Vault-Token: $VAULT_TOKEN" -n "$BENCH_WARMUP" -warmup 0 "${targets[@]}" >/dev/null
  bench_snapshot "$snap.0"
  bench_tool http -H "X-Vault-Token: $VAULT_TOKEN" -n "$BENCH_READS" -warmup 0 "${targets[@]}" >>"$results"
  bench_snapshot "$snap.1"
  bench_window reads "$snap.0" "$snap.1" "$((BENCH_READS * 3))" >>"$results"
}

# The same mint as creds/ci makes, straight at the simulator with the minter token: sequential, parallel.
bench_direct_mints() {
  local results="$1" direct=(-method POST -url "$SIM_URL/api/v2/apiTokens" -expect 201
    -H 'Authorization: Api-Token $DVB_BENCH_API_TOKEN' -H 'Content-Type: application/json'
    -body '{"name":"bench-direct-{{i}}","scopes":["metrics.read"],"expirationDate":"now+1h"}')
  dvb_log "mints: straight at the simulator, $BENCH_WARMUP + $BENCH_MINTS sequential, $BENCH_PAR_MINTS from $BENCH_CLIENTS clients..."
  bench_tool http -key mint.sim "${direct[@]}" -n "$BENCH_MINTS" -warmup "$BENCH_WARMUP" >>"$results"
  bench_tool http -key mint.simpar "${direct[@]}" -n "$BENCH_PAR_MINTS" -warmup 0 -c "$BENCH_CLIENTS" >>"$results"
}

# creds/ci through Vault: warm-up, sequential (inside the telemetry window SNAPDIR.0 → .1), parallel.
bench_vault_mints() {
  local results="$1" snap="$2" creds=(-url "$VAULT_ADDR/v1/dynatrace/creds/ci" -H "X-Vault-Token: $VAULT_TOKEN")
  dvb_log "mints: through Vault, $BENCH_WARMUP + $BENCH_MINTS sequential, $BENCH_PAR_MINTS from $BENCH_CLIENTS clients..."
  bench_tool http -key mint.warmup "${creds[@]}" -n "$BENCH_WARMUP" -warmup 0 >>"$results"
  bench_snapshot "$snap.0"
  bench_tool http -key mint.seq "${creds[@]}" -n "$BENCH_MINTS" -warmup 0 >>"$results"
  bench_snapshot "$snap.1"
  bench_window mints "$snap.0" "$snap.1" "$BENCH_MINTS" >>"$results"
  bench_tool http -key mint.par "${creds[@]}" -n "$BENCH_PAR_MINTS" -warmup 0 -c "$BENCH_CLIENTS" >>"$results"
}

# Live (neither deleted nor expired) tokens at the simulator whose name starts with PREFIX.
bench_live_tokens() {
  curl -sf "$SIM_URL/_sim/state" | python3 -c '
import json, sys
p = sys.argv[1]
print(sum(1 for t in json.load(sys.stdin)["tokens"]
          if t["name"].startswith(p) and not t["deleted"] and not t["expired"]))' "$1"
}

# sys/leases/revoke-prefix (sync) of every lease the mints made, timed; then counts what is left
# alive upstream, polling (bounded) in case a revocation were still queued. Vault's telemetry
# window SNAPDIR.0 → .1 shows what one revocation costs inside Vault, the plugin and the sidecar.
bench_revoke() {
  local results="$1" snap="$2" leases before at_return after t0 t1 i
  leases="$(curl -sf -X LIST -H "X-Vault-Token: $VAULT_TOKEN" "$VAULT_ADDR/v1/sys/leases/lookup/dynatrace/creds/ci/" \
    | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["data"]["keys"]))')"
  before="$(bench_live_tokens "$TOKEN_PREFIX")"
  dvb_log "revoke: sys/leases/revoke-prefix (sync) of $leases leases ($before live tokens)..."
  bench_snapshot "$snap.0"
  t0="$(date +%s%N)"
  curl -sf -X PUT -H "X-Vault-Token: $VAULT_TOKEN" -d '{"sync": true}' --max-time "$BENCH_STEP_TIMEOUT" \
    "$VAULT_ADDR/v1/sys/leases/revoke-prefix/dynatrace/creds/ci" >/dev/null || dvb_log "revoke-prefix answered an error"
  t1="$(date +%s%N)"
  bench_snapshot "$snap.1"
  bench_window revokes "$snap.0" "$snap.1" "$leases" >>"$results"
  at_return="$(bench_live_tokens "$TOKEN_PREFIX")" after="$at_return"
  for i in $(seq 1 60); do  # bounded: 30 s
    [[ "$after" == 0 ]] && break
    sleep 0.5
    after="$(bench_live_tokens "$TOKEN_PREFIX")"
  done
  python3 -c 'import json,sys; l,b,r,a,ns,p = map(int, sys.argv[1:]); s = ns / 1e9
print("revoke " + json.dumps({"leases": l, "live_before": b, "live_at_return": r, "live_after": a,
      "seconds": s, "per_s": l / s, "polled_s": p / 2}))' "$leases" "$before" "$at_return" "$after" "$((t1 - t0))" "$((i - 1))" >>"$results"
}

# The mass revoke as `vault lease revoke -prefix` makes it by default (sync=false): Vault queues the
# leases and its expiration manager revokes them on its worker pool, in parallel. BENCH_REVOKE_LEASES
# leases of role "mass" are minted (8 clients), then the clock runs from the call until no lease is
# left under the prefix in Vault AND no token of them is alive at the simulator (polled, bounded).
bench_revoke_queued() {
  local results="$1" creds=(-url "$VAULT_ADDR/v1/dynatrace/creds/mass" -H "X-Vault-Token: $VAULT_TOKEN")
  local leases before t0 t1 left live deadline
  dvb_log "revoke (queued): $BENCH_REVOKE_LEASES leases of role mass, then sys/leases/revoke-prefix without sync..."
  bench_tool http -key mint.mass "${creds[@]}" -n "$BENCH_REVOKE_LEASES" -warmup 0 -c "$BENCH_CLIENTS" >/dev/null
  leases="$(bench_lease_count mass)"
  before="$(bench_live_tokens "$TOKEN_PREFIX")"
  t0="$(date +%s%N)"
  curl -sf -X PUT -H "X-Vault-Token: $VAULT_TOKEN" -d '{"sync": false}' \
    "$VAULT_ADDR/v1/sys/leases/revoke-prefix/dynatrace/creds/mass" >/dev/null || dvb_log "revoke-prefix answered an error"
  deadline=$(( $(date +%s) + BENCH_STEP_TIMEOUT ))
  while :; do
    left="$(bench_lease_count mass)"
    if [[ "$left" == 0 ]]; then
      live="$(bench_live_tokens "$TOKEN_PREFIX")"
      [[ "$live" == 0 ]] && break
    fi
    (( $(date +%s) < deadline )) || break
    sleep 0.05
  done
  t1="$(date +%s%N)"
  live="$(bench_live_tokens "$TOKEN_PREFIX")"
  python3 -c 'import json,sys; l,b,left,a,ns = map(int, sys.argv[1:]); s = ns / 1e9
print("revoke.queued " + json.dumps({"leases": l, "live_before": b, "leases_left": left, "live_after": a,
      "seconds": s, "per_s": l / s}))' "$leases" "$before" "$left" "$live" "$((t1 - t0))" >>"$results"
}

# Leases under dynatrace/creds/ROLE/ (0 when none).
bench_lease_count() {
  curl -s -X LIST -H "X-Vault-Token: $VAULT_TOKEN" "$VAULT_ADDR/v1/sys/leases/lookup/dynatrace/creds/$1/" \
    | python3 -c 'import json,sys
try: print(len(json.load(sys.stdin)["data"]["keys"]))
except Exception: print(0)'
}

# The sidecar alone: a connection of its own, the plugin's client certificate, mints and deletes.
bench_sidecar() {
  local results="$1"
  dvb_log "sidecar alone: $BENCH_WARMUP + $BENCH_MINTS sequential mints, $BENCH_PAR_MINTS from $BENCH_CLIENTS clients, then deletes..."
  bench_tool sidecar -key sidecar -url "$SIDECAR_URL" -environment-url "$SIM_URL" -tls-ca "$CERTS_DIR/ca.pem" \
    -tls-cert "$CERTS_DIR/plugin.pem" -tls-key "$CERTS_DIR/plugin-key.pem" -warmup "$BENCH_WARMUP" \
    -n-seq "$BENCH_MINTS" -n "$BENCH_PAR_MINTS" -c "$BENCH_CLIENTS" >>"$results"
}
