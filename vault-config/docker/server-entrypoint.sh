#!/bin/bash
# Entrypoint of the local Vault / OpenBao stand-in image (server-base.Dockerfile), modelled on the
# official images': `server ...` runs `<bin> server -config=<home>/config` with the dev root token
# and listen address from VAULT_DEV_* (or BAO_DEV_*), as the server's own user.
set -euo pipefail
bin="${DVB_SERVER:-vault}"
if [[ "$bin" == bao ]]; then
  home=/openbao; token="${BAO_DEV_ROOT_TOKEN_ID:-${VAULT_DEV_ROOT_TOKEN_ID:-}}"
  listen="${BAO_DEV_LISTEN_ADDRESS:-${VAULT_DEV_LISTEN_ADDRESS:-0.0.0.0:8200}}"
else
  home=/vault; token="${VAULT_DEV_ROOT_TOKEN_ID:-}"; listen="${VAULT_DEV_LISTEN_ADDRESS:-0.0.0.0:8200}"
fi
if [[ "${1:-}" == -* ]]; then set -- "$bin" "$@"; fi
if [[ "${1:-}" == server ]]; then
  shift
  args=("$bin" server "-config=$home/config" "-dev-listen-address=$listen")
  [[ -n "$token" ]] && args+=("-dev-root-token-id=$token")
  set -- "${args[@]}" "$@"
elif [[ -n "${1:-}" && "$1" != "$bin" ]] && "$bin" "$1" -h >/dev/null 2>&1; then
  set -- "$bin" "$@"
fi
if [[ "${1:-}" == "$bin" && "$(id -u)" == 0 ]]; then
  chown -R "$bin:$bin" "$home/file" "$home/logs" 2>/dev/null || true
  export HOME="$home"
  set -- setpriv --reuid="$bin" --regid="$bin" --init-groups "$@"
fi
exec "$@"
