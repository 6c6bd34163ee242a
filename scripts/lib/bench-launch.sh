# Benchmark part 1: plugin launch → handshake line and RSS, ours vs HashiCorp's Go kv plugin vs a
# plain JVM that only prints a handshake-shaped line. Source after common.sh and bench-tools.sh.

# The java our launcher runs when Vault gives it no JAVA_HOME (what install-plugin.sh pins).
bench_java_bin() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    printf '%s\n' "$JAVA_HOME/bin/java"
  else
    readlink -f "$(command -v java)"
  fi
}

# Prints the JVM flags the installed launcher passes, one per line, by running it once with a
# JAVA_HOME whose java records its arguments (any other java call goes to the real one). Archive
# flags name our jar's archive and the class path, not the floor's, so they are left out.
bench_launcher_flags() {
  local launcher="$1" work="$2" real
  real="$(bench_java_bin)"
  mkdir -p "$work/fakejdk/bin"
  cat >"$work/fakejdk/bin/java" <<EOF
#!/usr/bin/env bash
if [[ "\${*: -1}" == plugin ]]; then printf '%s\n' "\$@" >"$work/launcher-args"; exit 0; fi
exec "$real" "\$@"
EOF
  chmod +x "$work/fakejdk/bin/java"
  rm -f "$work/launcher-args"
  JAVA_HOME="$work/fakejdk" "$launcher" </dev/null >/dev/null 2>>"$work/launch.log" || true
  [[ -s "$work/launcher-args" ]] || { dvb_log "could not read the launcher's JVM flags; the floor runs with none"; return 0; }
  local a
  while IFS= read -r a; do
    case "$a" in
      -jar|-cp|-classpath|--class-path) break ;;
      -XX:SharedArchiveFile=*|-XX:ArchiveClassesAtExit=*|-XX:AOTCache=*|-XX:AOTCacheOutput=*|-XX:AOTMode=*|-XX:AOTConfiguration=*) ;;
      -Xshare:*|-XX:+UnlockDiagnosticVMOptions|-XX:ArchiveRelocationMode=*) ;;  # archive flags: they go with ours
      *) printf '%s\n' "$a" ;;
    esac
  done <"$work/launcher-args"
}

# Compiles the floor: a class that prints a handshake-shaped line and waits. Sets FLOOR_CMD.
bench_build_floor() {
  local work="$1" java javac
  java="$(bench_java_bin)"
  javac="$(dirname "$java")/javac"
  [[ -x "$javac" ]] || javac="$(command -v javac)" || dvb_die "no javac next to $java or on PATH"
  mkdir -p "$work/floor"
  cat >"$work/floor/Floor.java" <<'EOF'
/** The floor: what any JVM plugin pays before its handshake line, and no more. */
public final class Floor {
  public static void main(String[] args) throws InterruptedException {
    System.out.println("1|5|unix|/tmp/dvb-bench-floor.sock|grpc|");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
EOF
  "$javac" -d "$work/floor" "$work/floor/Floor.java" || dvb_die "javac failed on the floor class"
  mapfile -t BENCH_LAUNCHER_FLAGS < <(bench_launcher_flags "$work/plugins/dynatrace-plugin" "$work")
  FLOOR_CMD="$java ${BENCH_LAUNCHER_FLAGS[*]} -cp $work/floor Floor"
}

# Prints "launch.jarcheck {...}": the median time the installed launcher spends before it execs java
# (its jar check: the install stamp, or SHA-256 when the stamp differs; the archive checks), timed
# with a java that exits at once. The fake java is another binary than the pinned one, so the
# archive is skipped there: its own check (a stat and a compare) is what is left out.
bench_jar_check() {
  local launcher="$1/plugins/dynatrace-plugin" jar i t0 took=()
  jar="$(sed -n 's/^DVB_JAR="\(.*\)"$/\1/p' "$launcher")"
  [[ -f "$jar" ]] || return 0
  mkdir -p "$1/nulljdk/bin"
  printf '#!/bin/sh\nexit 0\n' >"$1/nulljdk/bin/java"; chmod +x "$1/nulljdk/bin/java"
  for i in $(seq 1 "$BENCH_LAUNCHES"); do
    t0="$(date +%s%N)"; JAVA_HOME="$1/nulljdk" "$launcher" </dev/null >/dev/null 2>&1 || true
    took+=("$(( ($(date +%s%N) - t0) / 1000 ))")
  done
  printf 'launch.jarcheck {"median_ms": %s, "jar_mib": %s}\n' \
    "$(printf '%s\n' "${took[@]}" | sort -n | awk '{a[NR] = $1} END {printf "%.1f", a[int((NR + 1) / 2)] / 1000}')" \
    "$(( $(stat -c %s "$jar") / 1048576 ))"
}

# Runs the launch figures into RESULTS: ours (installed launcher), Go kv, floor; then go-plugin's
# own client start + Ping for ours and Go. WORK is a directory of its own (not the dev server's).
bench_launch_phase() {
  local work="$1" results="$2" launcher="$1/plugins/dynatrace-plugin"
  "$DVB_ROOT/scripts/install-plugin.sh" "$work/plugins" >/dev/null
  bench_build_floor "$work"
  dvb_log "launch: floor flags: ${BENCH_LAUNCHER_FLAGS[*]:-(none)}"
  dvb_log "launch: ${BENCH_LAUNCHES} rounds of ours, Go kv and the floor (${BENCH_SETTLE} settle each)..."
  bench_jar_check "$work" >>"$results"
  bench_tool launch -key launch -n "$BENCH_LAUNCHES" -settle "$BENCH_SETTLE" -log "$work/launch.log" \
    -jstat "$(dirname "$(bench_java_bin)")/jstat" \
    -target "ours=$launcher" -target "go=$BENCH_KV_BIN" -target "floor=$FLOOR_CMD" >>"$results"
  dvb_log "launch: ${BENCH_LAUNCHES} rounds through go-plugin's client (start + Ping)..."
  bench_tool launch -key rpc -mode rpc -n "$BENCH_LAUNCHES" -log "$work/launch.log" \
    -target "ours=$launcher" -target "go=$BENCH_KV_BIN" >>"$results"
}
