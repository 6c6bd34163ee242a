# Benchmark helpers: the Go tools it needs (built into the cache, never into the repository),
# process facts and machine facts. Source after common.sh.

BENCH_CACHE="${DVB_BENCH_CACHE:-$HOME/.cache/dynatrace-vault-bridge/bench}"
BENCH_KV_MODULE="github.com/hashicorp/vault-plugin-secrets-kv"
BENCH_KV_VERSION="v0.21.0"
BENCH_KV_BIN="$BENCH_CACHE/vault-plugin-secrets-kv-$BENCH_KV_VERSION"
BENCHTOOL="$BENCH_CACHE/benchtool"

# Builds HashiCorp's kv plugin from the Go module proxy once, and benchtool (Go's build cache
# makes the rebuild a no-op when nothing changed).
bench_build_tools() {
  mkdir -p "$BENCH_CACHE"
  if [[ ! -x "$BENCH_KV_BIN" ]]; then
    dvb_log "building $BENCH_KV_MODULE@$BENCH_KV_VERSION from the Go module proxy (once)..."
    local gobin; gobin="$(mktemp -d "$BENCH_CACHE/gobin.XXXXXX")"
    GOBIN="$gobin" GOFLAGS=-mod=mod go install "$BENCH_KV_MODULE/cmd/vault-plugin-secrets-kv@$BENCH_KV_VERSION" >&2 \
      || dvb_die "go install of the kv plugin failed"
    mv "$gobin/vault-plugin-secrets-kv" "$BENCH_KV_BIN" && rmdir "$gobin"
  fi
  (cd "$DVB_ROOT/scripts/bench" && go build -o "$BENCHTOOL" .) >&2 || dvb_die "building scripts/bench failed"
}

# VmRSS of PID in MiB (0 when the process is gone).
bench_rss() {
  awk '$1 == "VmRSS:" {printf "%.1f\n", $2 / 1024; found = 1} END {if (!found) print 0}' "/proc/$1/status" 2>/dev/null || echo 0
}

# Prints "KEY {"name": rss, ...}" for NAME=PID pairs.
bench_rss_line() {
  local key="$1" sep="" out="{" kv; shift
  for kv in "$@"; do
    out+="$sep\"${kv%%=*}\": $(bench_rss "${kv#*=}")"; sep=", "
  done
  printf '%s %s}\n' "$key" "$out"
}

# The first child of PID whose command line contains PATTERN (the server's plugin processes).
bench_child_pid() {
  ps -o pid=,args= --ppid "$1" | awk -v p="$2" 'index($0, p) {print $1; exit}'
}

# Prints "machine {...}": what the figures were measured on. Arguments: java binary, server binary.
bench_machine_line() {
  python3 - "$@" <<'PY'
import json, os, subprocess, sys
def run(*cmd):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        return (r.stdout + r.stderr).strip().splitlines() or ["?"]
    except Exception as e:
        return [f"({e})"]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
mem = next((l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")), "0")
facts = {
    "nproc": str(os.cpu_count()), "cpu": cpu, "memory": f"{int(mem) / 1048576:.1f} GiB",
    "java": " / ".join(run(sys.argv[1], "-version")[:2]), "go": run("go", "version")[0],
    "server": run(sys.argv[2], "version")[0], "kernel": os.uname().release,
    "load": open("/proc/loadavg").read().split(" ", 3)[:3],
}
facts["load"] = " ".join(facts["load"]) + " (1/5/15-min load average at start)"
print("machine " + json.dumps(facts))
PY
}

# Runs benchtool bounded by BENCH_STEP_TIMEOUT seconds. A failed or timed-out step is logged and
# leaves its figures out of the report (shown as —) instead of ending the run.
bench_tool() {
  timeout "${BENCH_STEP_TIMEOUT:-300}" "$BENCHTOOL" "$@" || dvb_log "benchtool $1 failed or timed out (exit $?)"
}

# Prints "KEY {"name": {heap_committed, heap_used, metaspace_committed, metaspace_used}, ...}" (MiB)
# for JVM processes NAME=PID, from `jstat -gc` (the JVM's perf-data file; no attach, no pause).
bench_jvm_mem_line() {
  local key="$1" jstat kv; shift
  jstat="$(dirname "$(bench_java_bin)")/jstat"
  for kv in "$@"; do printf '%s ' "${kv%%=*}"; "$jstat" -gc "${kv#*=}" 2>/dev/null | tr '\n' ' '; echo; done \
    | python3 -c '
import json, sys
out = {}
for line in sys.stdin:
    f = line.split()
    if len(f) < 3:
        continue
    n = len(f[1:]) // 2
    g = {h: float(v) / 1024 for h, v in zip(f[1:1 + n], f[1 + n:]) if v.replace(".", "", 1).isdigit()}
    if "EC" not in g:
        continue
    out[f[0]] = {"heap_committed": g["S0C"] + g["S1C"] + g["EC"] + g["OC"],
                 "heap_used": g["S0U"] + g["S1U"] + g["EU"] + g["OU"],
                 "metaspace_committed": g["MC"], "metaspace_used": g["MU"]}
print(sys.argv[1] + " " + json.dumps(out))' "$key" || :
}
