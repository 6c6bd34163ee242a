# Container helpers for scripts/containers.sh and .ci/run: a Docker engine, the local base image
# (Debian bookworm from debootstrap: no container registry needed) and the bridge's images on it.
# Source it after common.sh; it defines functions and starts nothing by itself.
#
# Image names (all local, tag :local unless noted):
#   dvb-base:bookworm       debootstrap --variant=minbase bookworm, imported (built once per machine)
#   dvb-jre:17              the base + Debian's openjdk-17-jre-headless     (vault-config/docker/jre.Dockerfile)
#   dvb-vault-base:1.19.0   a stand-in for hashicorp/vault:1.19 from scripts/openbao.sh's binary
#   dvb-app:local           the jar on dvb-jre (app.Dockerfile, BASE_IMAGE)
#   dvb-vault:local         Vault + JRE + plugin (vault.Dockerfile, VAULT_IMAGE=dvb-vault-base)
#   dvb-postgres:local      Debian's postgresql on the base (postgres.Dockerfile)
#   dvb-relay:local         socat on the base (relay.Dockerfile; compose's replicas profile)
# Users with a registry need none of this: every Dockerfile defaults to the public image.

DVB_BASE_IMAGE="${DVB_BASE_IMAGE:-dvb-base:bookworm}"
DVB_JRE_IMAGE="${DVB_JRE_IMAGE:-dvb-jre:17}"
DVB_VAULT_BASE_IMAGE="${DVB_VAULT_BASE_IMAGE:-dvb-vault-base:1.19.0}"
DVB_OPENBAO_BASE_IMAGE="${DVB_OPENBAO_BASE_IMAGE:-dvb-openbao-base:local}"
DVB_APP_IMAGE="dvb-app:local"
DVB_VAULT_IMAGE="dvb-vault:local"
DVB_OPENBAO_IMAGE="dvb-openbao:local"
DVB_POSTGRES_IMAGE="dvb-postgres:local"
DVB_RELAY_IMAGE="dvb-relay:local"
DVB_DOCKERD_PID=""   # set when dvb_docker_up started the engine (dvb_docker_down stops only that one)

dvb_docker_answers() { docker info >/dev/null 2>&1; }

# Makes sure a Docker engine answers. Starts dockerd (installing docker.io when missing) only when
# running as root and none answers; otherwise explains what to do.
dvb_docker_up() {
  dvb_docker_answers && return 0
  if [[ "$(id -u)" != 0 ]]; then
    dvb_die "no Docker engine answers 'docker info'; start one (e.g. sudo systemctl start docker) or run as root to let this script start dockerd"
  fi
  if ! command -v dockerd >/dev/null 2>&1 || ! command -v iptables >/dev/null 2>&1; then
    dvb_log "installing docker.io and iptables (Debian)..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io iptables >&2 \
      || dvb_die "cannot install docker.io"
  fi
  local log="${DVB_DOCKERD_LOG:-/var/log/dvb-dockerd.log}" i
  dvb_log "starting dockerd (log: $log)"
  dockerd >"$log" 2>&1 </dev/null &
  DVB_DOCKERD_PID=$!
  for i in $(seq 1 60); do
    dvb_docker_answers && { dvb_log "dockerd up (pid $DVB_DOCKERD_PID)"; return 0; }
    kill -0 "$DVB_DOCKERD_PID" 2>/dev/null || dvb_die "dockerd exited at start (log: $log)"
    sleep 1
  done
  dvb_die "dockerd did not answer within 60 s (log: $log)"
}

# Stops the engine dvb_docker_up started (never one that was already running).
dvb_docker_down() {
  [[ -n "$DVB_DOCKERD_PID" ]] || return 0
  dvb_log "stopping the dockerd this run started (pid $DVB_DOCKERD_PID)"
  kill "$DVB_DOCKERD_PID" 2>/dev/null || true
  local i
  for i in $(seq 1 30); do kill -0 "$DVB_DOCKERD_PID" 2>/dev/null || break; sleep 1; done
  DVB_DOCKERD_PID=""
}

dvb_image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

# The local base image: built once per machine (skipped when it exists; DVB_REBUILD_BASE=1 forces).
dvb_base_image() {
  if dvb_image_exists "$DVB_BASE_IMAGE" && [[ "${DVB_REBUILD_BASE:-0}" != 1 ]]; then
    dvb_log "base image $DVB_BASE_IMAGE: cached"
    return 0
  fi
  command -v debootstrap >/dev/null 2>&1 || {
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >&2; } \
    || dvb_die "debootstrap is missing (Debian: apt-get install debootstrap)"
  local dir start=$SECONDS
  dir="$(mktemp -d "${TMPDIR:-/tmp}/dvb-rootfs.XXXXXX")"
  dvb_log "building $DVB_BASE_IMAGE with debootstrap (about a minute)..."
  debootstrap --variant=minbase bookworm "$dir" "${DVB_DEBIAN_MIRROR:-http://deb.debian.org/debian}" \
    >"$dir.log" 2>&1 || { rm -rf "$dir"; dvb_die "debootstrap failed (log: $dir.log)"; }
  rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
  tar -C "$dir" -c . | docker import -c 'CMD ["/bin/bash"]' - "$DVB_BASE_IMAGE" >/dev/null \
    || { rm -rf "$dir"; dvb_die "docker import failed"; }
  rm -rf "$dir" "$dir.log"
  dvb_log "base image $DVB_BASE_IMAGE built in $((SECONDS - start))s"
}

# docker build with the output kept in a log; prints the log's tail on failure.
#   dvb_docker_build TAG DOCKERFILE CONTEXT [--build-arg K=V ...]
dvb_docker_build() {
  local tag="$1" file="$2" ctx="$3"; shift 3
  local log="$DVB_IMAGES_LOG_DIR/build-${tag//[:\/]/_}.log" start=$SECONDS
  if ! docker build -t "$tag" -f "$file" "$@" "$ctx" >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    dvb_die "docker build of $tag failed (log: $log)"
  fi
  dvb_log "image $tag ready in $((SECONDS - start))s"
}

# A small build context for the local Vault (or OpenBao) base image: the server binary, the
# entrypoint, the Dockerfile. Hard links when possible (the binary is ~330 MB).
dvb_server_base_context() {
  local bin="$1" ctx="$2"
  mkdir -p "$ctx"
  local name; name="$(basename "$bin")"
  if [[ ! -f "$ctx/$name" ]] || ! cmp -s "$bin" "$ctx/$name"; then
    rm -f "$ctx/$name"
    ln "$bin" "$ctx/$name" 2>/dev/null || cp "$bin" "$ctx/$name"
  fi
  cp "$DVB_ROOT/vault-config/docker/server-base.Dockerfile" "$DVB_ROOT/vault-config/docker/server-entrypoint.sh" "$ctx/"
}

# Builds every image the container tier needs (cached layers make a second run quick).
dvb_build_images() {
  DVB_IMAGES_LOG_DIR="${DVB_IMAGES_LOG_DIR:-$DVB_ROOT/target/containers}"
  mkdir -p "$DVB_IMAGES_LOG_DIR"
  local docker_dir="$DVB_ROOT/vault-config/docker"
  dvb_base_image
  dvb_docker_build "$DVB_JRE_IMAGE" "$docker_dir/jre.Dockerfile" "$docker_dir" --build-arg "BASE_IMAGE=$DVB_BASE_IMAGE"
  local vault_bin; vault_bin="${DVB_VAULT_SERVER_BIN:-$("$DVB_ROOT/scripts/openbao.sh" 2>/dev/null)}" \
    || dvb_die "scripts/openbao.sh could not provide a server binary"
  if [[ "$(basename "$vault_bin")" != vault ]]; then
    dvb_die "the Vault image needs HashiCorp Vault's binary; scripts/openbao.sh gave $vault_bin (set DVB_VAULT_SERVER_BIN)"
  fi
  local ctx="$DVB_ROOT/target/containers/vault-base-context"
  dvb_server_base_context "$vault_bin" "$ctx"
  dvb_docker_build "$DVB_VAULT_BASE_IMAGE" "$ctx/server-base.Dockerfile" "$ctx" \
    --build-arg "BASE_IMAGE=$DVB_JRE_IMAGE" --build-arg SERVER=vault
  dvb_docker_build "$DVB_APP_IMAGE" "$docker_dir/app.Dockerfile" "$DVB_ROOT" --build-arg "BASE_IMAGE=$DVB_JRE_IMAGE"
  dvb_docker_build "$DVB_VAULT_IMAGE" "$docker_dir/vault.Dockerfile" "$DVB_ROOT" --build-arg "VAULT_IMAGE=$DVB_VAULT_BASE_IMAGE"
  dvb_docker_build "$DVB_POSTGRES_IMAGE" "$docker_dir/postgres.Dockerfile" "$docker_dir" --build-arg "BASE_IMAGE=$DVB_BASE_IMAGE"
  dvb_docker_build "$DVB_RELAY_IMAGE" "$docker_dir/relay.Dockerfile" "$docker_dir" --build-arg "BASE_IMAGE=$DVB_BASE_IMAGE"
  # OpenBao: only when a bao binary is at hand (the Go module proxy cannot build it; see openbao.sh).
  local bao_bin="${DVB_BAO_BIN:-$(command -v bao 2>/dev/null || true)}"
  if [[ -n "$bao_bin" && -x "$bao_bin" ]]; then
    ctx="$DVB_ROOT/target/containers/openbao-base-context"
    dvb_server_base_context "$bao_bin" "$ctx"
    dvb_docker_build "$DVB_OPENBAO_BASE_IMAGE" "$ctx/server-base.Dockerfile" "$ctx" \
      --build-arg "BASE_IMAGE=$DVB_JRE_IMAGE" --build-arg SERVER=bao
    dvb_docker_build "$DVB_OPENBAO_IMAGE" "$docker_dir/openbao.Dockerfile" "$DVB_ROOT" \
      --build-arg "OPENBAO_IMAGE=$DVB_OPENBAO_BASE_IMAGE"
    DVB_HAVE_OPENBAO=1
  else
    DVB_HAVE_OPENBAO=0
  fi
  # What docker-compose.yml reads (its defaults are the public images).
  export DVB_JRE_IMAGE DVB_BASE_IMAGE DVB_VAULT_BASE_IMAGE DVB_OPENBAO_BASE_IMAGE DVB_HAVE_OPENBAO
  export DVB_APP_BASE_IMAGE="$DVB_JRE_IMAGE" DVB_VAULT_FROM="$DVB_VAULT_BASE_IMAGE" \
    DVB_OPENBAO_FROM="$DVB_OPENBAO_BASE_IMAGE" DVB_DEBIAN_FROM="$DVB_BASE_IMAGE"
}
