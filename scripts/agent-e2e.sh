#!/usr/bin/env bash
# Vault Agent end to end: a real dev server with the plugin, the simulator and the sidecar, and
# `vault agent` (or `bao agent`) running vault-config/agent/ against them. Asserts what the agent's
# template engine really does with our leases (docs/vault-agent.md explains the numbers):
#   (a) the template renders a token that authenticates at Dynatrace (one lease for both templates);
#   (b) the lease is renewed while a renew extends it: same token, expire_time moving forward,
#       never past the hard end;
#   (c) when a renew answers "not renewable" (remaining lease <= ttl) the agent reads a NEW token at
#       once, before the old hard end, so both are valid for a while;
#   (d) the old token stops authenticating when its lease ends (the server's expiration manager
#       revokes it; the agent never revokes);
#   (e) a role whose ttl equals max_ttl (lease not renewable when read) is re-read at about 90 % of
#       its TTL (lease_renewal_threshold) — no renewals, no mint loop;
#   (f) no token value in the agent, server or sidecar logs.
# Prints "agent-e2e: N passed, N failed".
#
# Timings: role "app" has ttl=6s max_ttl=24s. The agent renews right after the read and then every
# 2/3 ttl + 1/3 grace (grace = 10-20 % of ttl), i.e. every ~4.2-4.4 s; the first renew that finds
# <= 6 s left gets ttl = the rest and renewable=false, and the agent reads again at once: between
# 18 s and ~22.4 s after the issue. The old lease ends at 24 s. Role "flat" has ttl=max_ttl=8s: it is
# re-read every 0.85-0.95 x 8 s = 6.8-7.6 s. The whole run takes about a minute.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/checks.sh"

TTL=6; MAX=24; FLAT=8
work="$(mktemp -d "${TMPDIR:-/tmp}/dvb-agent-e2e.XXXXXX")"
passed=0; failed=0
finish() {
  dvb_stop_all
  if (( failed > 0 )); then
    echo "--- agent log (renewals and reads)"
    grep -E 'renew|GET /v1|ERROR|error' "$work/agent.log" 2>/dev/null | tail -n 40 || true
    echo "--- server log tail"; tail -n 30 "$work/server.log" 2>/dev/null || true
    echo "--- sidecar log tail"; tail -n 10 "$work/sidecar.log" 2>/dev/null || true
  fi
  if [[ "${DVB_KEEP:-0}" == 1 ]]; then echo "kept: $work"; else rm -rf "$work"; fi
}
trap finish EXIT
within() { # within NAME LOW HIGH VALUE   (floats; LOW <= VALUE <= HIGH)
  if python3 -c 'import sys; lo, hi, v = map(float, sys.argv[1:4]); sys.exit(0 if lo <= v <= hi else 1)' "$2" "$3" "$4" 2>/dev/null; then
    passed=$((passed+1)); echo "PASS $1 ($4 in [$2, $3])"
  else failed=$((failed+1)); echo "FAIL $1: [$4] not in [$2, $3]"; fi
}
now() { date +%s.%N; }
# Seconds since the epoch of an RFC 3339 time as Vault prints it (nanoseconds allowed).
epoch() { python3 -c '
import re, sys
from datetime import datetime
s = re.sub(r"(\.\d{6})\d+", r"\1", sys.argv[1]).replace("Z", "+00:00")
print(f"{datetime.fromisoformat(s).timestamp():.3f}")' "$1"; }
rel() { python3 -c 'import sys; print(f"{float(sys.argv[1]) - float(sys.argv[2]):.1f}")' "$1" "$2"; }
lease_lookup() { bao lease lookup -format=json "$1" 2>/dev/null || true; }
lease_count() { bao list -format=json "sys/leases/lookup/dynatrace/creds/$1/" 2>/dev/null \
  | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' 2>/dev/null || echo 0; }

dvb_build_jar
server="$(dvb_find_server)"
dvb_start_stack "$work"
dvb_start_server "$work" "$server"
dvb_enable_plugin dynatrace
bao() { "$server" "$@"; }

bao write dynatrace/config environment_url="$SIM_URL" auth_mode=api_token api_token="$SIM_API_TOKEN" \
  allow_http_loopback=true sidecar_url="$SIDECAR_URL" sidecar_ca_pem=@"$CERTS_DIR/ca.pem" \
  sidecar_client_cert_pem=@"$CERTS_DIR/plugin.pem" sidecar_client_key_pem=@"$CERTS_DIR/plugin-key.pem" >/dev/null
bao write dynatrace/roles/app scopes=metrics.read ttl="${TTL}s" max_ttl="${MAX}s" >/dev/null
bao write dynatrace/roles/flat scopes=metrics.read ttl="${FLAT}s" max_ttl="${FLAT}s" >/dev/null

# The agent logs in with AppRole and holds only the committed policy (plus the extra test role).
{ cat "$DVB_ROOT/vault-config/agent/dynatrace-agent-policy.hcl"
  printf '\npath "dynatrace/creds/flat" {\n  capabilities = ["read"]\n}\n'; } | bao policy write dynatrace-agent - >/dev/null
bao auth enable approle >/dev/null
bao write auth/approle/role/dynatrace-agent token_policies=dynatrace-agent token_ttl=1h token_max_ttl=4h >/dev/null
mkdir -p "$work/agent" "$work/out"
bao read -field=role_id auth/approle/role/dynatrace-agent/role-id >"$work/agent/role-id"
bao write -f -field=secret_id auth/approle/role/dynatrace-agent/secret-id >"$work/agent/secret-id"

# The committed files with their documented paths pointed at the work dir (the dev server is plain
# HTTP, so no CA), plus a template for the "flat" role.
for f in agent.hcl dynatrace-token.ctmpl dynatrace-token.json.ctmpl injector-token.ctmpl; do
  sed -e "s#/etc/vault-agent/#$work/agent/#g" -e "s#/run/dynatrace/#$work/out/#g" \
      -e "s#/run/vault-agent/#$work/#g" -e "s#https://127.0.0.1:8200#$VAULT_ADDR#" -e '/ca_cert *=/d' \
      "$DVB_ROOT/vault-config/agent/$f" >"$work/agent/$f"
done
cat >>"$work/agent/agent.hcl" <<EOF

template {
  contents    = "{{ with secret \"dynatrace/creds/flat\" }}{{ .Data.token }}{{ end }}"
  destination = "$work/out/flat-token"
  perms       = "0600"
}

# The Kubernetes injector's template (vault-config/kubernetes/*.yaml carry it as an annotation).
template {
  source      = "$work/agent/injector-token.ctmpl"
  destination = "$work/out/injected-token"
  perms       = "0400"
}
EOF
agent_started="$(now)"
env -u VAULT_TOKEN -u BAO_TOKEN -u VAULT_ADDR -u BAO_ADDR DYNATRACE_ROLE=app \
  "$server" agent -config="$work/agent/agent.hcl" -log-level=trace >"$work/agent.log" 2>&1 </dev/null &
agent_pid=$!
DVB_PIDS+=("$agent_pid")

# (a) The first render.
for _ in $(seq 1 120); do
  [[ -s "$work/out/token" && -s "$work/out/token.json" && -s "$work/out/flat-token" && -s "$work/out/injected-token" ]] && break
  kill -0 "$agent_pid" 2>/dev/null || break
  sleep 0.25
done
check "agent renders the token file" "yes" "$([[ -s "$work/out/token" ]] && echo yes || echo no)"
if [[ ! -s "$work/out/token" || ! -s "$work/out/token.json" ]]; then
  echo "--- agent log tail"; tail -n 30 "$work/agent.log"
  echo "agent-e2e: $passed passed, $((failed+1)) failed"; exit 1
fi
token1="$(tr -d '\n' <"$work/out/token")"
meta1="$(cat "$work/out/token.json")"
id1="$(jget "$meta1" 'd["token_id"]')"; lease1="$(jget "$meta1" 'd["lease_id"]')"
check "token file is mode 0600" "600" "$(stat -c %a "$work/out/token")"
check "token file holds only the token" "1" "$(wc -l <"$work/out/token" | tr -d ' ')"
check "rendered token authenticates at Dynatrace" "200" "$(dvb_token_status "$token1")"
check "both templates show the same secret (token starts with token_id)" "yes" \
  "$([[ "$token1" == "$id1".* ]] && echo yes || echo no)"
check "both templates share one lease" "1" "$(lease_count app)"
check "the injector's template renders the same token, alone in its file" "$token1" "$(cat "$work/out/injected-token")"
# The annotations in vault-config/kubernetes/ are the tested template, verbatim.
annotations_ok="$(python3 - "$DVB_ROOT/vault-config/agent/injector-token.ctmpl" "$DVB_ROOT"/vault-config/kubernetes/*.yaml <<'PY'
import sys
want = open(sys.argv[1]).read().rstrip("\n")
key = "vault.hashicorp.com/agent-inject-template-dynatrace-token: |"
ok = True
for path in sys.argv[2:]:
    lines = open(path).read().split("\n")
    at = [i for i, l in enumerate(lines) if l.strip() == key]
    if len(at) != 1:
        ok = False; continue
    indent = len(lines[at[0]]) - len(lines[at[0]].lstrip()) + 2
    block = []
    for l in lines[at[0] + 1:]:
        if l.strip() and len(l) - len(l.lstrip()) < indent:
            break
        block.append(l[indent:])
    ok = ok and "\n".join(block).rstrip("\n") == want
print("yes" if ok else "no")
PY
)"
check "the Kubernetes manifests carry exactly the tested injector template" "yes" "$annotations_ok"
look="$(lease_lookup "$lease1")"
issue1="$(epoch "$(jget "$look" 'd["data"]["issue_time"]')")"
# The hard end: the engine's issue second + max_ttl, taken before the mint, so it can lie up to a
# second or two before Vault's issue_time + max_ttl. expires_at (the Dynatrace expiry) is 60 s after it.
hard1="$(python3 -c 'import sys; print(f"{float(sys.argv[1]) - 60:.3f}")' "$(epoch "$(jget "$meta1" 'd["expires_at"]')")")"
echo "     hard end of token 1: $(rel "$hard1" "$issue1") s after its lease's issue_time"
echo "     first token rendered $(rel "$(now)" "$agent_started") s after the agent started"

# (b)-(d) Watch the lease and the rendered files until the old token is gone.
expires=(); flat_tokens=("$(cat "$work/out/flat-token")")
tokens_seen=("$token1")
changed_at=""; token2=""; old_status_at_change=""; old_renewable_at_change=""; overlap_leases=""
gone_at=""; deadline="$(python3 -c 'import sys; print(float(sys.argv[1]) + 20)' "$hard1")"
while python3 -c 'import sys,time; sys.exit(0 if time.time() < float(sys.argv[1]) else 1)' "$deadline"; do
  t="$(now)"
  cur="$(tr -d '\n' <"$work/out/token" 2>/dev/null || true)"
  f="$(cat "$work/out/flat-token" 2>/dev/null || true)"
  if [[ -n "$f" && "$f" != "${flat_tokens[-1]}" ]]; then flat_tokens+=("$f"); fi
  if [[ -z "$changed_at" ]]; then
    look="$(lease_lookup "$lease1")"
    if [[ -n "$look" ]]; then
      e="$(jget "$look" 'd["data"]["expire_time"]')"
      [[ "${#expires[@]}" -gt 0 && "${expires[-1]}" == "$e" ]] || expires+=("$e")
    fi
    if [[ -n "$cur" && "$cur" != "$token1" ]]; then
      changed_at="$t"; token2="$cur"; tokens_seen+=("$token2")
      old_status_at_change="$(dvb_token_status "$token1")"
      old_renewable_at_change="$(jget "$(lease_lookup "$lease1")" 'd["data"]["renewable"]' 2>/dev/null || echo gone)"
      overlap_leases="$(lease_count app)"
      meta2="$(cat "$work/out/token.json")"; id2="$(jget "$meta2" 'd["token_id"]')"
    fi
  elif [[ -z "$gone_at" ]]; then
    if [[ "$(dvb_token_status "$token1")" == 401 ]]; then gone_at="$t"; fi
  else
    break
  fi
  kill -0 "$agent_pid" 2>/dev/null || break
  sleep 0.4
done

check "agent is still running" "yes" "$(kill -0 "$agent_pid" 2>/dev/null && echo yes || echo no)"
# Everything about the live tokens is measured while the agent still runs: stopping it revokes its
# auth token, and the cascade revokes the new lease (on a slow machine before a later check).
new_status=""
if [[ -n "$token2" ]]; then new_status="$(dvb_token_status "$token2")"; fi
rendered_status="$(dvb_token_status "$(tr -d '\n' <"$work/out/token")")"
# Vault deletes the lease just after the plugin's revoke returns: wait for it, bounded.
old_lease_after="$(lease_lookup "$lease1")"
for _ in $(seq 1 40); do
  [[ -z "$old_lease_after" ]] && break
  sleep 0.25; old_lease_after="$(lease_lookup "$lease1")"
done
# Stop the agent so that its log and the server's log are final for the counts below.
kill "$agent_pid" 2>/dev/null || true; wait "$agent_pid" 2>/dev/null || true
# (b) renewals: expire_time moved forward several times, within the hard end.
ends="$(for e in "${expires[@]}"; do epoch "$e"; done | tr '\n' ' ')"
echo "     lease 1 expire_time values (s after issue): $(for e in $ends; do printf '%s ' "$(python3 -c 'import sys; print(f"{float(sys.argv[1]) - float(sys.argv[2]):.2f}")' "$e" "$issue1")"; done)"
check "lease was renewed while renewal extends it (>= 3 distinct expire times)" "yes" "$([[ ${#expires[@]} -ge 3 ]] && echo yes || echo no)"
# Each renew moves the end forward; the last one (capped by Vault at the lease's max TTL) may land
# a fraction of a second before the previous end, just short of the hard end.
check "expire_time moves forward (last step: within 1 s)" "yes" "$(python3 -c '
import sys
v = [float(x) for x in sys.argv[1:]]
print("yes" if all(b > a for a, b in zip(v[:-2], v[1:-1])) and len(v) >= 2 and v[-1] > v[-2] - 1 else "no")' $ends)"
check "expire_time never passes the hard end" "yes" "$(python3 -c 'import sys; h=float(sys.argv[1]); print("yes" if all(float(x) <= h + 0.5 for x in sys.argv[2:]) else "no")' "$hard1" $ends)"
# (c) the re-read near the hard end.
check "a new token was rendered" "yes" "$([[ -n "$token2" && "$token2" != "$token1" ]] && echo yes || echo no)"
if [[ -n "$changed_at" ]]; then
  echo "     new token rendered $(rel "$changed_at" "$issue1") s after the first lease's issue, $(rel "$hard1" "$changed_at") s before its hard end"
  check "the same token stayed rendered (renewed) for more than 2 x ttl" "yes" \
    "$(python3 -c 'import sys; print("yes" if float(sys.argv[1]) - float(sys.argv[2]) > 2 * int(sys.argv[3]) else "no")' "$changed_at" "$issue1" "$TTL")"
  within "new token read once <= ttl is left, before the hard end (s before the hard end)" \
    "0" "$((TTL + 1))" "$(rel "$hard1" "$changed_at")"
  check "new token has a different token_id" "yes" "$([[ "$id2" != "$id1" ]] && echo yes || echo no)"
  check "new token authenticates" "200" "$new_status"
  # The overlap is decided from the order of recorded events, not from what a poll happened to see:
  # the window between the re-read and the old lease's end can be under a second, shorter than one
  # poll round on a loaded machine (polled values are printed for information only).
  echo "     seen at the change: old token HTTP ${old_status_at_change:-?}, old lease renewable=${old_renewable_at_change:-?}, ${overlap_leases:-?} lease(s) of role app"
  check "the agent re-read only after Vault answered that the old lease is not renewable" "yes" "$(python3 - "$work/agent.log" <<'PY'
import sys
lines = [l for l in open(sys.argv[1]) if "vault.read(dynatrace/creds/app)" in l]
gets = [i for i, l in enumerate(lines) if "GET /v1/dynatrace/creds/app" in l]
refused = [i for i, l in enumerate(lines) if "secret is not renewable" in l]
print("yes" if len(gets) >= 2 and refused and refused[0] < gets[1] else "no")
PY
)"
  check "the new token was minted before the old one was revoked (both valid together)" "yes" "$(python3 - "$work/sidecar.log" "$id1" "$id2" <<'PY'
import json, sys
at = {}
for line in open(sys.argv[1]):
    try:
        e = json.loads(line)
    except ValueError:
        continue
    if e.get("@message") == "lease event":
        at.setdefault((e.get("event"), e.get("token_id")), e["@timestamp"])
def t(s):  # RFC 3339 in UTC, 0-9 fraction digits -> seconds since the epoch (nanosecond exact)
    from datetime import datetime, timezone
    head, _, frac = s.rstrip("Z").partition(".")
    whole = datetime.fromisoformat(head).replace(tzinfo=timezone.utc).timestamp()
    return int(whole) * 10**9 + int((frac + "000000000")[:9])
minted, revoked = at.get(("minted", sys.argv[3])), at.get(("revoked", sys.argv[2]))
print("yes" if minted and revoked and t(minted) < t(revoked) else "no")
PY
)"
fi
# (d) the old token dies when its lease ends.
check "old token stopped authenticating" "yes" "$([[ -n "$gone_at" ]] && echo yes || echo no)"
if [[ -n "$gone_at" ]]; then
  echo "     old token gone $(rel "$gone_at" "$issue1") s after its issue"
  within "old token deleted at its lease's hard end (s after the hard end)" "-1" "10" "$(rel "$gone_at" "$hard1")"
  check "old lease is gone" "" "$old_lease_after"
  check "new token still rendered and valid after the old one is gone" "200" "$rendered_status"
fi
# (e) the non-renewable role: re-read at ~90 % of its TTL, never in a loop. Timings from the
# agent's log (exact), the count of renders from our polling.
flat_reads="$(grep 'vault.read(dynatrace/creds/flat): GET ' "$work/agent.log" | awk '{print $1}' \
  | while read -r ts; do epoch "$ts"; done | tr '\n' ' ')"
gaps="$(python3 -c 'import sys; v=[float(x) for x in sys.argv[1:]]; print(" ".join(f"{b-a:.2f}" for a, b in zip(v, v[1:])))' $flat_reads)"
sleeps="$(grep -o 'vault.read(dynatrace/creds/flat): non-renewable secret, set sleep for [0-9.]*' "$work/agent.log" \
  | awk '{print $NF}' | tr '\n' ' ')"
echo "     flat role (ttl = max_ttl = ${FLAT}s): agent sleeps ${sleeps}s; reads ${gaps:-none} s apart"
check "flat role rendered more than once" "yes" "$([[ ${#flat_tokens[@]} -ge 3 ]] && echo yes || echo no)"
check "flat role read several times" "yes" "$([[ $(wc -w <<<"$gaps") -ge 2 ]] && echo yes || echo no)"
for g in $sleeps; do
  within "flat role: agent waits 0.85-0.95 of the ${FLAT}s lease before reading again" \
    "$(python3 -c "print(0.85*$FLAT)")" "$(python3 -c "print(0.95*$FLAT)")" "$g"
done
for g in $gaps; do
  within "flat role: reads ${FLAT}s x 0.85-0.95 apart (+ up to 1.5 s for the read)" \
    "$(python3 -c "print(0.85*$FLAT)")" "$(python3 -c "print(0.95*$FLAT+1.5)")" "$g"
done
flat_mints="$(grep 'token minted' "$work/server.log" | grep -c 'role=flat' || true)"
check "flat role: one mint per read, no loop" "$(wc -w <<<"$flat_reads" | tr -d ' ')" "$flat_mints"
check "no renewal of the non-renewable lease" "0" "$(grep -c 'vault.read(dynatrace/creds/flat): successfully renewed' "$work/agent.log" || true)"

echo "     agent renewals of role app (s after the first issue):"
grep 'vault.read(dynatrace/creds/app)' "$work/agent.log" | grep -E 'successfully renewed|not renewable|GET /v1' \
  | while read -r ts _ rest; do
      printf '       %6s  %s\n' "$(rel "$(epoch "$ts")" "$issue1")" "$(sed -E 's/^.*vault.read\(dynatrace\/creds\/app\): //' <<<"$rest")"
    done | head -n 20

# (f) secrets stay in their lane.
leaks=0
for secret in "${tokens_seen[@]}" "${flat_tokens[@]}" "$SIM_API_TOKEN" "$(cat "$work/agent/secret-id")"; do
  [[ -n "$secret" ]] || continue
  if grep -qF -- "$secret" "$work/agent.log" "$work/server.log" "$work/sidecar.log"; then leaks=$((leaks+1)); fi
done
check "no token value in the agent, server or sidecar logs" "0" "$leaks"
check "the rendered token lives only in the token files (the Agent's and the injector template's)" "0" \
  "$(grep -rlF -- "$(tr -d '\n' <"$work/out/token")" "$work/out" | grep -vc -e '/token$' -e '/injected-token$' || true)"

echo "agent-e2e: $passed passed, $failed failed"
(( failed == 0 ))
