#!/usr/bin/env bash
# Conformance tier: HashiCorp's own client code (go-plugin with AutoMTLS + vault/sdk's gRPC backend
# client) drives the installed plugin launcher, with the simulator and sidecar running.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

work="$(mktemp -d "${TMPDIR:-/tmp}/dvb-conf.XXXXXX")"
trap 'dvb_stop_all; [[ "${DVB_KEEP:-0}" == 1 ]] || rm -rf "$work"' EXIT

dvb_build_jar
dvb_start_stack "$work"
"$DVB_ROOT/scripts/install-plugin.sh" "$work/plugins" >/dev/null
export DVB_PLUGIN_CMD="$work/plugins/dynatrace-plugin" DVB_SIDECAR_URL="$SIDECAR_URL" DVB_CERTS_DIR="$CERTS_DIR" DVB_SIM_JSON="$SIM_JSON"
cd "$DVB_ROOT/src/test/go"
go test ./... -count=1 -timeout 10m -v 2>&1 | tee "$work/go-test.log" | grep -E '^(=== RUN|--- |PASS|FAIL|ok|panic|\s+\S+_test.go)' || true
grep -qE '^(FAIL|panic)' "$work/go-test.log" && { tail -n 60 "$work/go-test.log"; exit 1; }
[[ "$(dvb_scan_logs "$work")" == 0 ]] || { echo "a token secret appeared in a log of the conformance run"; exit 1; }
grep -qE '^ok ' "$work/go-test.log" || { tail -n 60 "$work/go-test.log"; exit 1; }
