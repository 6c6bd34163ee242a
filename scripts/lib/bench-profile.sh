# Benchmark part 3: where the time goes. Around a measured run ("window") it snapshots Vault's
# own telemetry (Prometheus summaries: request, router → each mount, lease registration, barrier
# operations), the sidecar's operation timer and the CPU time of every process from /proc; the
# profile phase adds a JFR recording of the plugin and the sidecar (fsyncs, TLS handshakes, GC,
# CPU samples). JFR is started with `jcmd PID JFR.start` on the running processes, because
# -XX:StartFlightRecording prints JFR's start-up line on stdout, which breaks the handshake.
# Source after bench-server.sh (it uses the processes bench_server_setup started and $procs).

# A JFR settings file: the JDK's "profile", with every fsync recorded, TLS handshakes on and
# CPU samples every 2 ms (a mint is a few ms of CPU; 20 ms would give a handful of samples).
bench_jfc() {
  local jdk out="$1"
  jdk="$(dirname "$(dirname "$(bench_java_bin)")")"
  python3 - "$jdk/lib/jfr/profile.jfc" "$out" <<'PY'
import re, sys
s = open(sys.argv[1]).read()
def setting(event, name, value):
    global s
    block = re.search(r'<event name="%s">.*?</event>' % re.escape(event), s, re.S)
    new = re.sub(r'(<setting name="%s"[^>]*>)[^<]*(<)' % name, r'\g<1>%s\2' % value, block.group(0))
    s = s[:block.start()] + new + s[block.end():]
setting("jdk.FileForce", "threshold", "0 ms")
setting("jdk.TLSHandshake", "enabled", "true")
setting("jdk.ExecutionSample", "period", "2 ms")
open(sys.argv[2], "w").write(s)
PY
}

# Vault's and the sidecar's metrics and every process's CPU time (in total and by thread name,
# a trailing number dropped: "C1 CompilerThre", "vert.x-eventloo" (the kernel keeps 15 characters), ...), into DIR.
bench_snapshot() {
  local dir="$1"
  mkdir -p "$dir"
  curl -sf -H "X-Vault-Token: $VAULT_TOKEN" "$VAULT_ADDR/v1/sys/metrics?format=prometheus" >"$dir/vault.prom" || :
  dvb_operator_curl /metrics >"$dir/sidecar.prom" || :
  python3 - "${procs[@]}" >"$dir/cpu.json" <<'PY'
import json, os, re, sys
out = {}
for kv in sys.argv[1:]:
    name, pid = kv.split("=", 1)
    threads, total = {}, 0
    try:
        tids = os.listdir("/proc/%s/task" % pid)
    except OSError:
        tids = []
    for tid in tids:
        try:
            stat = open("/proc/%s/task/%s/stat" % (pid, tid)).read()
        except OSError:
            continue
        comm, rest = stat[stat.index("(") + 1:stat.rindex(")")], stat[stat.rindex(")") + 2:].split()
        ticks = int(rest[11]) + int(rest[12])  # utime, stime: fields 14 and 15 of stat
        group = re.sub(r"[-#]?[0-9]+$", "", comm).strip() or comm  # a pool's threads as one
        threads[group] = threads.get(group, 0) + ticks
        total += ticks
    out[name] = {"total": total, "threads": threads}
print(json.dumps(out))
PY
}

# Prints "fsync {...}": what one fsync of a small append costs on the filesystem of DIR (the
# sidecar's data directory, where its lease log lives), p50 and mean over N.
bench_fsync_probe() {
  python3 - "$1" "${2:-200}" <<'PY'
import json, os, sys, time
path, n = os.path.join(sys.argv[1], "fsync-probe.tmp"), int(sys.argv[2])
took = []
with open(path, "ab") as f:
    for _ in range(n):
        f.write(b"x" * 256); f.flush()
        t = time.perf_counter(); os.fsync(f.fileno()); took.append((time.perf_counter() - t) * 1000)
os.unlink(path)
took.sort()
print("fsync " + json.dumps({"n": n, "p50_ms": took[n // 2], "mean_ms": sum(took) / n, "p99_ms": took[int(n * 0.99) - 1]}))
PY
}

# Prints "KEY {...}": what happened between snapshots DIR0 and DIR1, per each of COUNT requests:
# Vault timers (count and ms per request, and their own mean), the sidecar's mint timer, CPU ms
# per process and, for the plugin, the sidecar and kv, by thread.
bench_window() {
  python3 - "$@" "$(getconf CLK_TCK)" <<'PY'
import json, os, re, sys
key, d0, d1, count, tck = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
def prom(path):
    out = {}
    for line in open(path) if os.path.exists(path) else []:
        m = re.match(r'^([a-zA-Z_:][\w:]*(?:\{[^}]*\})?) ([-+0-9.eE]+|NaN)$', line.strip())
        if m:
            out[m.group(1)] = float(m.group(2))
    return out
def delta(a, b, name):
    return b.get(name, 0.0) - a.get(name, 0.0)
va, vb = prom(d0 + "/vault.prom"), prom(d1 + "/vault.prom")
vault = {}
for name in sorted(n[:-4] for n in vb if n.endswith("_sum") and (n.startswith(("vault_route_", "vault_expire_",
        "vault_barrier_")) or n[6:-4] in ("core_handle_request", "core_check_token"))):
    n, ms = delta(va, vb, name + "_count"), delta(va, vb, name + "_sum")
    if n:
        vault[name[6:]] = {"per_req": n / count, "ms_per_req": ms / count, "mean_ms": ms / n}
sa, sb = prom(d0 + "/sidecar.prom"), prom(d1 + "/sidecar.prom")
sidecar = {}
for name in sb:
    m = re.match(r'dvb_sidecar_operation_duration_seconds_count\{operation="(\w+)",outcome="(\w+)"\}', name)
    n = delta(sa, sb, name) if m else 0
    if n:
        total = delta(sa, sb, name.replace("_count{", "_sum{"))
        sidecar[m.group(1) + "." + m.group(2)] = {"per_req": n / count, "mean_ms": 1000 * total / n}
ca, cb = (json.load(open(p)) if os.path.exists(p) else {} for p in (d0 + "/cpu.json", d1 + "/cpu.json"))
ms = lambda a, b: 1000 * (b - a) / tck / count
threads = {}
for proc in ("plugin", "sidecar", "kv"):
    a, b = ca.get(proc, {}).get("threads", {}), cb.get(proc, {}).get("threads", {})
    per = {t: ms(a.get(t, 0), v) for t, v in b.items() if v > a.get(t, 0)}
    threads[proc] = sorted(([t, round(v, 2)] for t, v in per.items()), key=lambda x: -x[1])[:6]
print(key + " " + json.dumps({"requests": count, "vault": vault,
      "sidecar_mint_mean_ms": sidecar.get("mint.ok", {}).get("mean_ms"), "sidecar": sidecar,
      "cpu_ms_per_req": {k: ms(v["total"], cb.get(k, {}).get("total", 0)) for k, v in ca.items()},
      "cpu_ms_per_req_by_thread": threads}))
PY
}

# Prints "jfr {...}" for the recordings in DIR (PROC.json from `jfr print --json`), per COUNT mints:
# fsyncs, TLS handshakes, GC pauses, and CPU samples by thread, by the leaf frame's package and by
# the innermost frame of our own code (io/dtvb) on the stack.
bench_jfr_summary() {
  python3 - "$@" <<'PY'
import json, os, re, sys
from collections import Counter
d, mints = sys.argv[1], int(sys.argv[2])
def seconds(v):
    if isinstance(v, (int, float)):
        return v / 1e9
    m = re.match(r"PT(?:(\d+)M)?([\d.]+)S", v or "")
    return (int(m.group(1) or 0) * 60 + float(m.group(2))) if m else 0.0
def package(t):
    parts = t.split("/")
    return "/".join(parts[:3] if parts[0] in ("io", "com", "org") else parts[:2])
out = {}
for proc in ("plugin", "sidecar"):
    path = "%s/%s.json" % (d, proc)
    if not os.path.exists(path):
        continue
    events = json.load(open(path))["recording"]["events"]
    by = lambda t: [e for e in events if e["type"] == t]
    forces, gcs, leaf, ours, threads = by("jdk.FileForce"), by("jdk.GarbageCollection"), Counter(), Counter(), Counter()
    for e in by("jdk.ExecutionSample"):
        frames = (e["values"].get("stackTrace") or {}).get("frames") or []
        if not frames:
            continue
        threads[re.sub(r"[-#]?[0-9]+$", "", (e["values"].get("sampledThread") or {}).get("javaName") or "?")] += 1
        leaf[package(frames[0]["method"]["type"]["name"])] += 1
        own = next((f["method"] for f in frames if f["method"]["type"]["name"].startswith("io/dtvb/")), None)
        ours[own["type"]["name"].split("/")[-1] + "." + own["name"] if own else "(no io/dtvb frame)"] += 1
    total = sum(leaf.values()) or 1
    share = lambda c: [[k, round(100 * v / total, 1)] for k, v in c.most_common(8)]
    files = {}
    for e in forces:
        files.setdefault(os.path.basename(e["values"].get("path") or "?"), []).append(1000 * seconds(e["values"]["duration"]))
    out[proc] = {"fsyncs_per_mint": len(forces) / mints,
                 "fsync_mean_ms": 1000 * sum(seconds(e["values"]["duration"]) for e in forces) / len(forces) if forces else None,
                 "fsync_by_file": {f: {"per_mint": len(v) / mints, "p50_ms": sorted(v)[len(v) // 2],
                                       "mean_ms": sum(v) / len(v)} for f, v in files.items()},
                 "tls_handshakes": len(by("jdk.TLSHandshake")), "gc_pauses": len(gcs),
                 "gc_ms_per_mint": 1000 * sum(seconds(e["values"]["sumOfPauses"]) for e in gcs) / mints,
                 "cpu_samples": sum(leaf.values()), "by_leaf_package": share(leaf), "by_own_frame": share(ours),
                 "by_thread": share(threads)}
print("jfr " + json.dumps({"mints": mints, "processes": out}))
PY
}

# The profile phase: sequential mints with JFR on in the plugin and the sidecar.
bench_profile() {
  local work="$1" results="$2" jcmd dir="$1/profile" name pid
  jcmd="$(dirname "$(bench_java_bin)")/jcmd"
  mkdir -p "$dir"
  bench_jfc "$dir/bench.jfc"
  dvb_log "profile: $BENCH_PROFILE_MINTS sequential mints under JFR (plugin, sidecar) and Vault's telemetry..."
  for name in plugin sidecar; do
    pid="$PLUGIN_PID"; [[ $name == sidecar ]] && pid="$SIDECAR_PID"
    "$jcmd" "$pid" JFR.start name=bench settings="$dir/bench.jfc" >>"$dir/jcmd.log" 2>&1 \
      || dvb_log "JFR.start failed on the $name (log: $dir/jcmd.log)"
  done
  bench_tool http -key profile.warmup -url "$VAULT_ADDR/v1/dynatrace/creds/ci" -H "X-Vault-Token: $VAULT_TOKEN" \
    -n "$BENCH_WARMUP" -warmup 0 >/dev/null  # JFR's own start-up cost stays out of the window
  bench_snapshot "$dir/snap.0"
  bench_tool http -key profile.mint -url "$VAULT_ADDR/v1/dynatrace/creds/ci" -H "X-Vault-Token: $VAULT_TOKEN" \
    -n "$BENCH_PROFILE_MINTS" -warmup 0 >>"$results"
  bench_snapshot "$dir/snap.1"
  bench_window profile "$dir/snap.0" "$dir/snap.1" "$BENCH_PROFILE_MINTS" >>"$results"
  for name in plugin sidecar; do
    pid="$PLUGIN_PID"; [[ $name == sidecar ]] && pid="$SIDECAR_PID"
    "$jcmd" "$pid" JFR.stop name=bench filename="$dir/$name.jfr" >>"$dir/jcmd.log" 2>&1 || :
    [[ -s "$dir/$name.jfr" ]] && "$(dirname "$jcmd")/jfr" print --json --events \
      jdk.FileForce,jdk.TLSHandshake,jdk.GarbageCollection,jdk.ExecutionSample "$dir/$name.jfr" \
      >"$dir/$name.json" 2>>"$dir/jcmd.log" || :
  done
  bench_jfr_summary "$dir" "$((BENCH_WARMUP + BENCH_PROFILE_MINTS))" >>"$results"  # JFR saw the warm-up too
}
