# The e2e tier's scenarios with injected faults (sourced by scripts/e2e.sh): the sidecar killed
# between mint and lease, and a mass revocation while Dynatrace throttles. Each mounts
# dynatrace-<scenario>, clears its fault and disables the mount at its end.

# How long the simulator holds the create the crash scenario interrupts. The sidecar is killed as
# soon as the create is held (well within this), and the plugin is registered with a mint journal
# rollback age (E2E_WAL_MIN_AGE, scripts/e2e.sh) above it, so Vault's rollback can only look for
# the token after Dynatrace made it. Below the sidecar's 30 s per-call timeout to Dynatrace.
E2E_CRASH_LATENCY_MS=12000

# Crash: the sidecar dies after Dynatrace created the token but before the lease reached Vault.
# The mint journal entry stays; Vault's periodic rollback finds the token by name and deletes it.
e2e_crash() {
  local m=dynatrace-crash prefix before crash_pid crash_rc lost gone_status
  e2e_ci_mount "$m"
  prefix="$(e2e_prefix "$m")"
  before="$(prefixed_ids "$prefix")"
  curl -s -o /dev/null -X POST "$SIM_URL/_sim/faults" -H 'Content-Type: application/json' \
    --data "{\"mode\":\"latency\",\"latency_ms\":$E2E_CRASH_LATENCY_MS,\"count\":1,\"path_prefix\":\"/api/v2/apiTokens\"}"
  bao read "$m/creds/ci" >"$work/crash.out" 2>&1 &
  crash_pid=$!
  # Kill the sidecar once the create is held at Dynatrace (the one-shot fault has been consumed).
  for _ in $(seq 1 80); do
    [[ "$(sim_state 'd["fault"]["mode"]' 2>/dev/null)" == none ]] && break
    sleep 0.25
  done
  dvb_kill_sidecar "$work"
  crash_rc=0; wait "$crash_pid" || crash_rc=$?
  check "the interrupted mint returned an error, no lease" "yes" "$( (( crash_rc != 0 )) && echo yes || echo no)"
  contains "the interrupted mint says Dynatrace or the sidecar is unavailable" 'unavailable' "$(cat "$work/crash.out")"
  # The held create completes at Dynatrace although its caller is gone: wait for its token, bounded.
  lost=""
  for _ in $(seq 1 $(( E2E_CRASH_LATENCY_MS / 250 + 80 ))); do
    lost="$(comm -13 <(printf '%s\n' "$before") <(prefixed_ids "$prefix") | grep -v '^$' || true)"
    [[ -n "$lost" ]] && break
    sleep 0.25
  done
  check "the lost mint left exactly one token in Dynatrace" "1" "$(printf '%s' "$lost" | grep -c . || true)"
  dvb_start_sidecar "$work" "${SIDECAR_URL##*:}"
  gone_status=""
  for _ in $(seq 1 90); do  # Vault sends the rollback request once a minute
    gone_status="$(sim_token_exists "$lost")"
    [[ "$gone_status" == 404 ]] && break
    sleep 2
  done
  check "rollback deleted the token of the lost mint (no orphan)" "404" "$gone_status"
  e2e_check_story "log: the lost mint is rolled back" "rolled_back" "$lost"
  bao secrets disable "$m" >/dev/null
}

# Mass revocation on the real server: 100 leases revoked by prefix while Dynatrace throttles deletes.
e2e_mass() {
  local m=dynatrace-mass mass_tokens=() alive t throttled_before throttled mass_left
  e2e_mount "$m"
  e2e_configure "$m"
  bao write "$m/roles/mass" scopes=metrics.read ttl=1h >/dev/null
  for _ in $(seq 1 100); do mass_tokens+=("$(bao read -field=token "$m/creds/mass")"); done
  e2e_secret "${mass_tokens[@]}"
  throttled_before="$(sim_state 'd["counters"]["rate_limited"]')"
  curl -s -o /dev/null -X POST "$SIM_URL/_sim/faults" -H 'Content-Type: application/json' \
    --data '{"mode":"rate_limit","count":60,"retry_after_s":1,"path_prefix":"/api/v2/apiTokens/dt0c01"}'
  bao lease revoke -prefix "$m/creds/mass" >/dev/null
  alive=100
  for _ in $(seq 1 60); do
    alive=0
    for t in "${mass_tokens[@]}"; do [[ "$(dvb_token_status "$t")" == 200 ]] && alive=$((alive+1)); done
    (( alive == 0 )) && break
    sleep 2
  done
  curl -s -o /dev/null -X DELETE "$SIM_URL/_sim/faults"
  check "mass revocation under throttling deleted all 100 tokens" "0" "$alive"
  throttled="$(sim_state 'd["counters"]["rate_limited"]' 2>/dev/null || echo "$throttled_before")"
  check "Dynatrace throttled the mass revocation (429s answered and retried)" "yes" \
    "$( (( throttled - throttled_before >= 60 )) && echo yes || echo no)"
  mass_left="$( { bao list -format=json "sys/leases/lookup/$m/creds/mass/" 2>/dev/null || true; } \
    | python3 -c 'import json,sys; t=sys.stdin.read().strip(); print(len(json.loads(t)) if t else 0)')"
  check "no mass lease is left in Vault" "0" "$mass_left"
  bao secrets disable "$m" >/dev/null
}
