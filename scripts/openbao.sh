#!/usr/bin/env bash
# scripts/openbao.sh - provide a Vault-compatible dev server binary for integration tests.
#
# Builds (once, then served from a cache) an OpenBao server binary from the Go
# module proxy, falling back to HashiCorp Vault when OpenBao cannot be obtained
# that way. Prints the absolute path of the binary as the only line on stdout;
# all progress goes to stderr. Exits non-zero with a message if nothing builds.
#
# The binary's basename tells callers which flavour they got:
#   bao   -> OpenBao, CLI env vars BAO_ADDR / BAO_TOKEN
#   vault -> Vault,   CLI env vars VAULT_ADDR / VAULT_TOKEN
#
# How it works: for each candidate we generate a tiny wrapper Go module in the
# cache directory that requires the server's root module at one exact version,
# seeds go.sum from the root module's own go.sum, restates the root module's
# non-local `replace` directives (they are ignored when a module is used as a
# dependency), resolves the dependencies from the proxy and `go build`s the
# root package (which is the CLI/server). Replaces that point at local
# directories (./api, ./sdk, ...) cannot be restated: nested modules are not
# part of a module zip, so the published api/sdk versions that the root
# module's go.mod requires are used instead. That only compiles if those
# published versions match the release branch's in-tree copies, which is why
# the Vault default below is pinned to a release that was verified to build.
#
# Nothing from OpenBao/Vault is stored in this repository; sources come from
# the module proxy into the Go module cache.
#
# Environment:
#   DVB_CACHE             cache root (default: $HOME/.cache/dynatrace-vault-bridge)
#   DVB_OPENBAO_VERSION   module version of github.com/openbao/openbao to try
#   DVB_OPENBAO_LABEL     release name of that OpenBao commit (dir name + ldflags)
#   DVB_VAULT_VERSION     tag of github.com/hashicorp/vault to fall back to
#   DVB_SKIP_OPENBAO=1    go straight to the Vault fallback
#   GOTOOLCHAIN           honoured if set; otherwise "auto" so a newer Go can be fetched
#
# The first build takes about 10 minutes on 2 cores (9 min compile with a cold
# GOCACHE, plus downloads); later runs return the cached binary instantly.
#
# Dev-mode notes (observed with Vault 1.19; OpenBao's CLI derives from it, unverified):
#   <bin> server -dev -dev-root-token-id=root -dev-listen-address=127.0.0.1:18200 \
#                -dev-plugin-dir=DIR [-dev-plugin-init=false]
#   -dev-plugin-dir sets the plugin directory; unless -dev-plugin-init=false, every
#   file in DIR is also registered (untyped, name = command = file name, sha256
#   computed) at startup, and a file that is not a working plugin makes the dev
#   server exit. `plugin register -sha256=.. -command=<name relative to DIR> secret
#   <name>` works in dev mode; the binary is only executed on `secrets enable`.
set -euo pipefail

log() { printf 'openbao.sh: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# OpenBao's root module is declared as "github.com/openbao/openbao" (no /v2
# suffix) while its release tags are v2.x.y, so the tags themselves are not
# valid module versions (neither ".../openbao@v2.x.y" nor ".../openbao/v2@v2.x.y"
# can resolve). Only a pseudo-version of a release commit can work.
# Default: the v2.5.4 release commit 4f6d47246a05 (committed 2026-05-20T15:53:48Z).
OPENBAO_MODULE="github.com/openbao/openbao"
OPENBAO_VERSION="${DVB_OPENBAO_VERSION:-v0.0.0-20260520155348-4f6d47246a05}"
OPENBAO_LABEL="${DVB_OPENBAO_LABEL:-2.5.4}"

# Vault's root module is a v1 module, so its release tags are usable directly.
# Release branches are built against the in-tree ./sdk, which is often ahead
# of (or diverged from) the published sdk version named in go.mod. Tried:
#   v1.21.4 (sdk v0.21.0), v1.21.2 (sdk v0.20.0), v1.20.4 (sdk v0.18.0): compile
#   errors in vault/, builtin/logical/{transit,aws}; v1.19.0 (sdk v0.15.2,
#   api v1.16.0) builds and runs.
VAULT_MODULE="github.com/hashicorp/vault"
VAULT_VERSION="${DVB_VAULT_VERSION:-v1.19.0}"

# A usable binary exists and runs?
runs() { [[ -x "$1" ]] && "$1" version >/dev/null 2>&1; }

# Extract a string field from `go mod download -json` output.
json_field() { sed -n "s/^[[:space:]]*\"$1\": \"\\(.*\\)\",\\{0,1\\}\$/\\1/p"; }

# Print "old[@v]=new@v" for each replace directive in a go.mod whose target is
# a module (not a local directory), i.e. the ones worth restating.
module_replaces() {
  awk '
    function emit(line,   n, f, i, arrow, old, new) {
      sub(/\/\/.*/, "", line)
      n = split(line, f, /[ \t]+/)
      arrow = 0
      for (i = 1; i <= n; i++) if (f[i] == "=>") arrow = i
      if (arrow == 0) return
      i = (f[1] == "") ? 2 : 1                       # skip field from leading blanks
      old = f[i]; if (arrow == i + 2) old = old "@" f[i + 1]
      if (arrow + 2 > n || f[arrow + 2] == "") return   # local path: no version
      new = f[arrow + 1] "@" f[arrow + 2]
      print old "=" new
    }
    /^replace[ \t]*\(/ { inblock = 1; next }
    inblock && /^\)/   { inblock = 0; next }
    inblock            { emit($0); next }
    /^replace[ \t]/    { line = $0; sub(/^replace[ \t]+/, "", line); emit(line) }
  ' "$1"
}

# Try to build one candidate; on success print the binary path and return 0.
build_candidate() {
  local flavour="$1" module="$2" version="$3" bin="$4" label="$5"
  local dir="$CACHE_ROOT/$flavour-$label"
  local target="$dir/bin/$bin"

  if runs "$target"; then printf '%s\n' "$target"; return 0; fi   # built while we waited

  log "trying $flavour $label ($module@$version)"
  mkdir -p "$dir/bin" || return 1
  rm -f "$dir/bin/.$bin.tmp."*                    # leftovers of interrupted builds

  # 1. Fetch the root module from the proxy (fails fast if it is not served).
  #    Run from the cache root so a stale wrapper go.mod cannot interfere.
  local info
  if ! info="$(cd "$CACHE_ROOT" && go mod download -json "$module@$version" 2>&1)"; then
    log "cannot download $module@$version:"
    printf '%s\n' "$info" | sed 's/^/    /' >&2
    return 1
  fi
  local gomod srcdir gover
  gomod="$(printf '%s\n' "$info" | json_field GoMod)"
  srcdir="$(printf '%s\n' "$info" | json_field Dir)"
  [[ -f "$gomod" ]] || { log "no go.mod path in: $info"; return 1; }
  gover="$(awk '$1 == "go" { print $2; exit }' "$gomod")"

  # 2. Generate the wrapper module (regenerated every time: cheap and self-healing).
  cat >"$dir/go.mod" <<EOF || return 1
// Generated by scripts/openbao.sh - wrapper to build $module@$version.
module dvb.local/${flavour}build

go ${gover:-1.22}

require $module $version
EOF
  # The blank import of the root (main) package documents the dependency and
  # keeps it if someone runs `go mod tidy` by hand; the build tag keeps the
  # wrapper from ever compiling it (importing a main package is not allowed).
  cat >"$dir/tools.go" <<EOF || return 1
//go:build tools

package tools

import _ "$module"
EOF
  # Seed go.sum with the root module's own go.sum: those are the checksums
  # upstream built with, and through the proxy the checksum database does not
  # answer for every dependency (lookups return 404 for some Vault plugins).
  rm -f "$dir/go.sum"
  if [[ -f "$srcdir/go.sum" ]]; then
    cp "$srcdir/go.sum" "$dir/go.sum" && chmod u+w "$dir/go.sum" || return 1
  fi
  local rep
  while IFS= read -r rep; do
    [[ -n "$rep" ]] || continue
    log "  restating replace $rep"
    (cd "$dir" && go mod edit -replace="$rep") || return 1
  done < <(module_replaces "$gomod")

  # 3. Resolve and download exactly what the binary imports. Deliberately NOT
  #    `go mod tidy`: tidy also resolves imports of the dependencies' *tests*,
  #    and when one of those is missing from the required sdk version it
  #    silently upgrades sdk to @latest, which then no longer compiles.
  #    `go list -deps` (with -mod=mod) only fills in go.sum and fails loudly.
  log "  resolving dependencies (go list -deps)"
  if ! (cd "$dir" && go list -deps "$module" >/dev/null); then
    log "dependency resolution failed for $flavour $label"; return 1
  fi
  log "  using $(cd "$dir" && go list -deps -f '{{with .Module}}{{.Path}}@{{.Version}}{{end}}' "$module" \
    | grep -E "^$module/(sdk|api)(/v[0-9]+)?@" | sort -u | tr '\n' ' ')"

  # 4. Build into a temp file, smoke-test it, then rename atomically.
  local ldflags="-s -w"
  if [[ "$flavour" == openbao ]]; then
    ldflags+=" -X $module/version.fullVersion=$label"   # OpenBao stamps its version via ldflags
  fi
  local tmp="$dir/bin/.$bin.tmp.$$"
  local start=$SECONDS
  log "  go build $module (about 10 minutes on 2 cores the first time)"
  if ! (cd "$dir" && go build -trimpath -ldflags="$ldflags" -o "$tmp" "$module" >&2); then
    rm -f "$tmp"; log "go build failed for $flavour $label"; return 1
  fi
  if ! runs "$tmp"; then
    rm -f "$tmp"; log "built $bin does not run '$bin version'"; return 1
  fi
  mv -f "$tmp" "$target" || return 1
  log "  built $target in $((SECONDS - start))s: $("$target" version 2>/dev/null | head -n1)"
  printf '%s\n' "$target"
}

main() {
  command -v go >/dev/null 2>&1 || die "'go' not found on PATH"

  CACHE_ROOT="${DVB_CACHE:-$HOME/.cache/dynatrace-vault-bridge}"
  mkdir -p "$CACHE_ROOT"
  CACHE_ROOT="$(cd "$CACHE_ROOT" && pwd -P)"   # absolute, so the printed path is too

  # Candidates in order of preference: "flavour|module|version|binary|label".
  local candidates=() cand flavour module version bin label path out
  if [[ "${DVB_SKIP_OPENBAO:-0}" != 1 ]]; then
    candidates+=("openbao|$OPENBAO_MODULE|$OPENBAO_VERSION|bao|$OPENBAO_LABEL")
  fi
  candidates+=("vault|$VAULT_MODULE|$VAULT_VERSION|vault|${VAULT_VERSION#v}")

  # Fast path: any candidate already built and working?
  for cand in "${candidates[@]}"; do
    IFS='|' read -r flavour module version bin label <<<"$cand"
    path="$CACHE_ROOT/$flavour-$label/bin/$bin"
    if runs "$path"; then
      log "using cached $flavour $label"
      printf '%s\n' "$path"
      return 0
    fi
  done

  # Go settings for the build. -mod=mod lets go.mod/go.sum be completed as
  # needed; -buildvcs=false because the wrapper is not a VCS checkout.
  export GOFLAGS="-mod=mod -buildvcs=false"
  export GOTOOLCHAIN="${GOTOOLCHAIN:-auto}"
  export GOWORK=off      # never pick up a go.work from a parent directory
  export CGO_ENABLED=0   # like upstream release builds: static binary, no C toolchain

  # Serialise concurrent builds (e.g. parallel test runs); flock is optional.
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$CACHE_ROOT/.openbao.lock"
    log "waiting for build lock $CACHE_ROOT/.openbao.lock"
    flock 9
  fi

  for cand in "${candidates[@]}"; do
    IFS='|' read -r flavour module version bin label <<<"$cand"
    if out="$(build_candidate "$flavour" "$module" "$version" "$bin" "$label")"; then
      printf '%s\n' "$out"
      return 0
    fi
    log "$flavour $label unavailable, trying next candidate"
  done

  die "could not build OpenBao ($OPENBAO_MODULE@$OPENBAO_VERSION) nor Vault ($VAULT_MODULE@$VAULT_VERSION) from the Go module proxy; see messages above"
}

main "$@"
