#!/usr/bin/env bash
# Performance benchmark (issue 11): every figure side by side in one run, with ratios.
#   plugin launch → handshake and RSS: ours vs HashiCorp's Go kv plugin vs a plain JVM (floor);
#   in a dev server: plugin RSS, a stored-object read (ours, Go kv, built-in kv), creds mints
#   (sequential, parallel) vs the same mint straight at the simulator, a mass revoke;
#   the sidecar alone; the lease log's own benchmark; RSS of every process before and after load;
#   and (DVB_BENCH_PROFILE=1, the default) where a mint's time goes.
# Not a test: it prints figures and never fails on them. Usage: scripts/bench.sh [--help]
# Knobs (environment; the defaults take about 5 minutes on 2 cores):
#   DVB_BENCH_LAUNCHES=5 DVB_BENCH_SETTLE=2s          launches per program, RSS read again after
#   DVB_BENCH_WARMUP=1000 DVB_BENCH_READS=500         warm-up and measured requests per figure
#   DVB_BENCH_MINTS=300 DVB_BENCH_PAR_MINTS=800 DVB_BENCH_CLIENTS=8
#   DVB_BENCH_REVOKE_LEASES=1200                      leases minted for the queued revoke-prefix
#   DVB_BENCH_LEASE_LOG_ENTRIES=10000 (0 skips)       passed to scripts/bench-lease-log.sh
#   DVB_BENCH_PROFILE=1 DVB_BENCH_PROFILE_MINTS=300   the profiled mints (JFR, Vault's metrics)
#   DVB_BENCH_PHASES=launch,server,leaselog,profile   a subset, for a quicker look
#   DVB_BENCH_STEP_TIMEOUT=300                        seconds any one measuring step may take
#   DVB_BENCH_OUT=FILE                                also write the report there
#   DVB_KEEP=1                                        keep the work directory (logs, JFR, results)
# Server: $VAULT_BIN, else bao/vault on PATH, else the one scripts/openbao.sh builds.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$DVB_ROOT/scripts/lib/bench-tools.sh"
source "$DVB_ROOT/scripts/lib/bench-launch.sh"
source "$DVB_ROOT/scripts/lib/bench-server.sh"
source "$DVB_ROOT/scripts/lib/bench-profile.sh"
[[ "${1:-}" == -h || "${1:-}" == --help ]] && { sed -n '2,19p' "$0"; exit 0; }

BENCH_LAUNCHES="${DVB_BENCH_LAUNCHES:-5}"
BENCH_SETTLE="${DVB_BENCH_SETTLE:-2s}"
# 1,000: C1 compiles a method after ~200 calls or ~2,000 loop iterations, and a mint runs much of its
# path once; after 100 mints part of it still ran interpreted (the plugin's sidecar call took 8.1 ms
# p50 then, 4.2 ms after 1,000, in two runs a few minutes apart).
BENCH_WARMUP="${DVB_BENCH_WARMUP:-1000}"
BENCH_READS="${DVB_BENCH_READS:-500}"
BENCH_MINTS="${DVB_BENCH_MINTS:-300}"
BENCH_PAR_MINTS="${DVB_BENCH_PAR_MINTS:-800}"
BENCH_CLIENTS="${DVB_BENCH_CLIENTS:-8}"
BENCH_REVOKE_LEASES="${DVB_BENCH_REVOKE_LEASES:-1200}"
BENCH_LEASE_LOG_ENTRIES="${DVB_BENCH_LEASE_LOG_ENTRIES:-10000}"
BENCH_PROFILE_MINTS="${DVB_BENCH_PROFILE_MINTS:-300}"
BENCH_PHASES=",${DVB_BENCH_PHASES:-launch,server,leaselog,profile},"
[[ "${DVB_BENCH_PROFILE:-1}" == 1 ]] || BENCH_PHASES="${BENCH_PHASES/,profile,/,}"
export BENCH_STEP_TIMEOUT="${DVB_BENCH_STEP_TIMEOUT:-300}"
phase() { [[ "$BENCH_PHASES" == *",$1,"* ]]; }

work="$(mktemp -d "${TMPDIR:-/tmp}/dvb-bench.XXXXXX")"
results="$work/results.txt"
cleanup() {
  dvb_stop_all
  if [[ "${DVB_KEEP:-0}" == 1 ]]; then dvb_log "work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
started="$(date +%s)"

dvb_build_jar
bench_build_tools
server="$(dvb_find_server)"
bench_machine_line "$(bench_java_bin)" "$server" >>"$results"
printf 'samples {"launches": %s, "warmup": %s, "reads": %s, "mints": %s, "par_mints": %s, "clients": %s}\n' \
  "$BENCH_LAUNCHES" "$BENCH_WARMUP" "$BENCH_READS" "$BENCH_MINTS" "$BENCH_PAR_MINTS" "$BENCH_CLIENTS" >>"$results"

if phase launch; then
  bench_launch_phase "$work/launch" "$results"
fi

if phase server || phase profile; then
  dvb_log "server: simulator, sidecar, dev server ($("$server" version | head -1)), three mounts..."
  bench_server_setup "$work/server" "$server"
  mapfile -t procs < <(bench_processes)
fi
if phase server; then
  sleep "$BENCH_SETTLE"  # idle: a measurement interval after config, not a readiness wait
  bench_rss_line rss.before "${procs[@]}" >>"$results"
  bench_jvm_mem_line jvm.before "${procs[@]:0:1}" "${procs[@]:2:2}" >>"$results"  # plugin, sidecar, simulator
  bench_reads "$results" "$work/server/snap-reads"
  bench_direct_mints "$results"
  bench_vault_mints "$results" "$work/server/snap-mints"
  bench_fsync_probe "$work/server/sidecar-data" >>"$results"
  bench_rss_line rss.minted "${procs[@]}" >>"$results"
  bench_revoke "$results" "$work/server/snap-revoke"
  bench_revoke_queued "$results"
  bench_sidecar "$results"
  sleep "$BENCH_SETTLE"
  bench_rss_line rss.after "${procs[@]}" >>"$results"
  bench_jvm_mem_line jvm.after "${procs[@]:0:1}" "${procs[@]:2:2}" >>"$results"
fi

if phase leaselog && [[ "$BENCH_LEASE_LOG_ENTRIES" != 0 ]]; then
  dvb_log "lease log: scripts/bench-lease-log.sh $BENCH_LEASE_LOG_ENTRIES (file store and PostgreSQL)..."
  timeout "$BENCH_STEP_TIMEOUT" "$DVB_ROOT/scripts/bench-lease-log.sh" "$BENCH_LEASE_LOG_ENTRIES" \
    >"$work/lease-log.out" 2>"$work/lease-log.log" || dvb_log "lease log benchmark failed (log: $work/lease-log.log)"
  python3 -c 'import json,sys; print("leaselog " + json.dumps(open(sys.argv[1]).read().splitlines()))' \
    "$work/lease-log.out" >>"$results"
fi

if phase profile; then
  bench_profile "$work/server" "$results"
fi

printf 'elapsed {"seconds": %s, "load": "%s"}\n' "$(( $(date +%s) - started ))" "$(cut -d' ' -f1-3 /proc/loadavg)" >>"$results"
"$BENCHTOOL" report "$results" | tee "${DVB_BENCH_OUT:-/dev/null}"
