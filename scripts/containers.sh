#!/usr/bin/env bash
# The containers tier: builds the images on a local Debian base (no registry needed), brings
# docker-compose.yml up for real (Vault by default, the replicas profile, and the openbao profile when
# a `bao` binary is at hand: DVB_BAO_BIN), then runs the JUnit tests tagged "containers":
#   VaultContainerFlowTest  Testcontainers' VaultContainer + sidecar + simulator containers
#   ComposeFlowTest         against the compose stack (mint, authenticate, revoke; one lease log for two replicas)
# Everything it starts (compose project, volumes, networks, a dockerd it had to start) is stopped at exit.
# Needs a Docker engine: when none answers and this runs as root it installs/starts dockerd itself.
#   DVB_KEEP=1  keeps target/containers/ logs (they are kept anyway on failure).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source "$root/scripts/lib/common.sh"
source "$root/scripts/lib/images.sh"

compose_bin() {  # Debian's docker-compose v1, else the v2 plugin
  if command -v docker-compose >/dev/null 2>&1; then echo docker-compose; return; fi
  docker compose version >/dev/null 2>&1 && { echo "docker compose"; return; }
  dvb_die "neither docker-compose nor 'docker compose' is installed (Debian: apt-get install docker-compose)"
}

work="$root/target/containers"
mkdir -p "$work"
project="${DVB_COMPOSE_PROJECT:-dvbtier}"   # fixed: its images are the cache of the next run
profiles=(--profile replicas)
COMPOSE=""
compose() { $COMPOSE -p "$project" -f "$root/docker-compose.yml" "${profiles[@]}" "$@"; }

cleanup() {
  local rc=$?
  if [[ -n "$COMPOSE" ]]; then
    compose logs --no-color >"$work/compose.log" 2>&1 || true
    compose down -v --remove-orphans >/dev/null 2>&1 || true
    # Images of this project replaced by a rebuild (a new jar): dangling, never needed again.
    docker image prune -f --filter label=io.dtvb.image >/dev/null 2>&1 || true
  fi
  if [[ -n "$DVB_DOCKERD_PID" ]]; then
    # Our own engine: whatever Testcontainers left behind (Ryuk, its reaper, is off) is ours too.
    docker ps -aq --filter label=org.testcontainers=true | xargs -r docker rm -f >/dev/null 2>&1 || true
    docker network ls -q --filter label=org.testcontainers=true | xargs -r docker network rm >/dev/null 2>&1 || true
  fi
  dvb_docker_down
  (( rc == 0 )) || dvb_log "containers tier failed; logs in $work/"
  exit "$rc"
}
trap cleanup EXIT

start=$SECONDS
dvb_build_jar
dvb_docker_up
COMPOSE="$(compose_bin)"
dvb_build_images
dvb_log "images ready after $((SECONDS - start))s"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
DVB_VAULT_PORT="$(free_port)" DVB_OPENBAO_PORT="$(free_port)" DVB_SIMULATOR_PORT="$(free_port)"
DVB_SIDECAR_PORT="$(free_port)" DVB_SIDECAR_OPS_PORT="$(free_port)"
export DVB_VAULT_PORT DVB_OPENBAO_PORT DVB_SIMULATOR_PORT DVB_SIDECAR_PORT DVB_SIDECAR_OPS_PORT
inits=(init init-replicas)
if [[ "$DVB_HAVE_OPENBAO" == 1 ]]; then profiles+=(--profile openbao); inits+=(init-openbao);
else dvb_log "openbao profile: not brought up (no bao binary; set DVB_BAO_BIN to include it)"; fi

dvb_log "docker-compose up --build -d (project $project, ${profiles[*]})"
compose up --build -d >"$work/compose-up.log" 2>&1 || { tail -n 30 "$work/compose-up.log" >&2; compose logs --no-color | tail -n 60 >&2; dvb_die "compose up failed"; }

# Waits for the one-shot inits; fails at once, with the container's log, if a sidecar stopped.
declare -A cid
for svc in "${inits[@]}" sidecar sidecar-1 sidecar-2; do cid[$svc]="$(compose ps -q "$svc" 2>/dev/null || true)"; done
state() { docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' "${cid[$1]:-none}" 2>/dev/null || echo "missing 1"; }
for svc in "${inits[@]}"; do
  for i in $(seq 1 300); do
    read -r status code <<<"$(state "$svc")"
    [[ "$status" == exited ]] && break
    for sc in sidecar sidecar-1 sidecar-2; do
      read -r s c <<<"$(state "$sc")"
      if [[ "$s" == exited ]]; then
        compose logs --no-color "$sc" >&2 || true
        dvb_die "the $sc container stopped (exit $c); its command line is the x-sidecar entry of docker-compose.yml"
      fi
    done
    sleep 1
  done
  if [[ "$status" != exited || "$code" != 0 ]]; then
    compose logs --no-color "$svc" sidecar >&2 || true
    dvb_die "$svc did not finish cleanly ($status, exit $code)"
  fi
  dvb_log "$svc done"
done
dvb_log "compose stack up after $((SECONDS - start))s"
# The README's second compose command, as written there (exec into the vault service).
compose exec -T vault vault read -field=token_id dynatrace/creds/demo >"$work/readme-exec.out" 2>&1 \
  || { cat "$work/readme-exec.out" >&2; dvb_die "'exec vault vault read dynatrace/creds/demo' failed"; }
grep -q '^dt0c01\.' "$work/readme-exec.out" || dvb_die "no token id from the README's exec command"
dvb_log "README command 'exec vault vault read dynatrace/creds/demo': a token ($(cat "$work/readme-exec.out"))"

export DVB_COMPOSE_VAULT_URL="http://127.0.0.1:$DVB_VAULT_PORT" DVB_COMPOSE_SIMULATOR_URL="http://127.0.0.1:$DVB_SIMULATOR_PORT"
[[ "$DVB_HAVE_OPENBAO" == 1 ]] && export DVB_COMPOSE_OPENBAO_URL="http://127.0.0.1:$DVB_OPENBAO_PORT"
# Ryuk (the reaper) is an image from Docker Hub: off; the tests stop what they start. This machine may itself
# be a container (/.dockerenv): without the host override Testcontainers probes the gateway with alpine.
export DVB_VAULT_IMAGE DVB_APP_IMAGE TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_CHECKS_DISABLE=true
export TESTCONTAINERS_HOST_OVERRIDE="${TESTCONTAINERS_HOST_OVERRIDE:-127.0.0.1}"
rm -f "$root"/target/surefire-reports/TEST-io.dtvb.{VaultContainerFlowTest,ComposeFlowTest}.xml
mvn -B -Dstyle.color=never test -Dgroups=containers
# The tagged tests must have run, not been skipped.
python3 - "$root/target/surefire-reports" <<'EOF'
import sys, glob, xml.etree.ElementTree as ET
ran = {}
for f in glob.glob(sys.argv[1] + "/TEST-io.dtvb.*Test.xml"):
    s = ET.parse(f).getroot()
    ran[s.get("name")] = (int(s.get("tests")), int(s.get("skipped")))
for name in ("io.dtvb.VaultContainerFlowTest", "io.dtvb.ComposeFlowTest"):
    tests, skipped = ran.get(name, (0, 0))
    if tests == 0 or (name == "io.dtvb.VaultContainerFlowTest" and skipped):
        sys.exit(f"{name}: {tests} tests, {skipped} skipped: the container tests must run")
    print(f"{name}: {tests} tests, {skipped} skipped")
EOF
dvb_log "containers tier done in $((SECONDS - start))s"
