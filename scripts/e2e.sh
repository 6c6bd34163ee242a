#!/usr/bin/env bash
# End-to-end tier on a real dev server ($VAULT_BIN, bao/vault on PATH, else scripts/openbao.sh):
# the demo's flow with assertions, plus lease expiry handled by the server's expiration manager,
# renew, faults, the trust boundary, platform tokens and `secrets disable` revoking whatever is left.
#
# The checks are grouped in named scenarios that run one at a time on one stack (simulator,
# sidecar, dev server with the plugin registered):
#   scripts/e2e.sh              every scenario, in the order of --list (what scripts/test.sh runs)
#   scripts/e2e.sh --list       the scenario names, one a line, each with what it checks
#   scripts/e2e.sh tidy         only the tidy scenario;  scripts/e2e.sh tidy crash  several
# Each scenario mounts the plugin at its own path (dynatrace-<scenario>), disables it at its end,
# clears the faults it injected and checks its tokens' stories in the lease log, so no state leaks
# from one to the next (checked after each one). Each records the secrets it saw; `logs`, last in a
# full run, looks for all of them in every log and checks the final lease log extends the checkpoint
# kept after each scenario. An unknown name is an error (exit 2). Prints "== scenario NAME" before
# each, PASS/FAIL lines, and "e2e: N passed, N failed"; exits non-zero on any failure.
# DVB_KEEP=1 keeps the work directory.
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
source "$here/lib/common.sh"
source "$here/lib/checks.sh"
for lib in helpers basic faults mounts platform trust logs; do source "$here/lib/e2e-$lib.sh"; done

# The scenarios, in the order a full run takes them: name, then what it checks. The function of
# scenario NAME is e2e_NAME with - as _ (scripts/lib/e2e-*.sh).
E2E_SCENARIOS=(
  basics      "mint, renew, revoke; config hides secrets; token inventory; path-help and OpenAPI"
  bad-input   "malformed roles, durations and scopes are 4xx errors naming the field, no ERROR in the server log"
  narrow      "a request narrows the role's scopes, never widens them; role metadata in the lease"
  quota       "max_active_tokens refuses the token beyond it until a lease is revoked"
  gone        "revoke after the token was deleted in Dynatrace behind Vault's back (already_gone)"
  tidy        "tidy deletes an orphan with the mount's prefix, keeps leased and foreign tokens"
  crash       "the sidecar killed between mint and lease: Vault's rollback deletes the lost token"
  expiry      "the server's expiration manager revokes a short lease and the token dies upstream"
  multiplex   "two mounts in one plugin process, isolated from each other"
  auth        "a bad credential refused on write; OAuth client credentials; a platform token as minter"
  platform    "platform tokens: Bearer use, expiry moving with renewals, per-owner cap, Phase 3, tidy"
  trust       "another client certificate can do nothing on a mount's connection; each refusal logged"
  policy      "the sidecar's policy (scope, host, lifetime); safe config writes; CR/LF and overflow 400s"
  mass        "100 leases revoked by prefix while Dynatrace throttles deletes"
  rotate-root "rotate-root replaces the scenario's own minter token; mints and revokes go on"
  unmount     "secrets disable revokes the leases left on the mount"
  logs        "the lease log verifies and extends the run's checkpoints; no secret of the run in any log"
)
# The mint journal's rollback age (10 min by default), shortened so the crash scenario sees
# Vault's once-a-minute rollback clean up within the run; above E2E_CRASH_LATENCY_MS (e2e-faults.sh).
E2E_WAL_MIN_AGE=30s

e2e_names() { local i; for ((i = 0; i < ${#E2E_SCENARIOS[@]}; i += 2)); do printf '%s\n' "${E2E_SCENARIOS[i]}"; done; }
e2e_known() { local n; for n in $(e2e_names); do [[ "$n" == "$1" ]] && return 0; done; return 1; }
e2e_list() {
  local i
  for ((i = 0; i < ${#E2E_SCENARIOS[@]}; i += 2)); do
    printf '%-12s %s\n' "${E2E_SCENARIOS[i]}" "${E2E_SCENARIOS[i+1]}"
  done
}

selected=()
for arg in "$@"; do
  case "$arg" in
    --list|-l) e2e_list; exit 0 ;;
    --help|-h) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *)
      if ! e2e_known "$arg"; then
        echo "e2e: unknown scenario '$arg'; the scenarios are:" >&2
        e2e_list >&2
        exit 2
      fi
      selected+=("$arg") ;;
  esac
done
(( ${#selected[@]} > 0 )) || mapfile -t selected < <(e2e_names)

work="$(mktemp -d "${TMPDIR:-/tmp}/dvb-e2e.XXXXXX")"
passed=0; failed=0
E2E_SCENARIO=""; E2E_DONE=0
finish() {
  local rc=$?
  if (( E2E_DONE == 0 )); then
    failed=$((failed+1))
    echo "FAIL ${E2E_SCENARIO:-setup}: a command failed (exit $rc); the scenario stopped there"
    echo "e2e: $passed passed, $failed failed"
  fi
  dvb_stop_all
  if (( failed > 0 )); then
    echo "--- server log tail"; tail -n 40 "$work/server.log" 2>/dev/null || true
    echo "--- sidecar log tail"; tail -n 20 "$work/sidecar.log" 2>/dev/null || true
  fi
  [[ "${DVB_KEEP:-0}" == 1 ]] && echo "work directory kept: $work" || rm -rf "$work"
}
trap finish EXIT

dvb_build_jar
dvb_start_stack "$work"
dvb_start_server "$work" "$(dvb_find_server)"
bao() { "$DVB_SERVER" "$@"; }  # defined only now: dvb_find_server looks for a `bao` command
# Registered once; each scenario mounts it where it likes (e2e_mount).
E2E_PLUGIN_VERSION="v$(java -jar "$DVB_JAR" --version | awk '{print $2}')"
bao write sys/plugins/catalog/secret/dynatrace sha256="$PLUGIN_SHA" command=dynatrace-plugin \
  version="$E2E_PLUGIN_VERSION" env="DVB_WAL_MIN_AGE=$E2E_WAL_MIN_AGE" >/dev/null
# The run's credentials: no log may hold them (the `logs` scenario).
: >"$work/secrets.txt"
e2e_secret "$SIM_API_TOKEN" "$SIM_PLATFORM_TOKEN" "$(dvb_json_get "$SIM_JSON" oauth_client_secret)" \
  "$(dvb_json_get "$SIM_JSON" account_client_secret)"

for E2E_SCENARIO in "${selected[@]}"; do
  echo "== scenario $E2E_SCENARIO"
  "e2e_${E2E_SCENARIO//-/_}"
  # Nothing of the scenario is left for the next: no mount of the plugin, no fault at the simulator.
  check "$E2E_SCENARIO: cleaned up (no mount, no fault left)" "mounts=[] fault=none" \
    "mounts=[$(e2e_our_mounts)] fault=$(sim_state 'd["fault"]["mode"]')"
  e2e_keep_checkpoint "$E2E_SCENARIO"
done
E2E_DONE=1

echo "e2e: $passed passed, $failed failed"
(( failed == 0 ))
