#!/usr/bin/env bash
# End-to-end tier on a real dev server ($VAULT_BIN, bao/vault on PATH, else scripts/openbao.sh):
# the demo's flow with assertions, plus lease expiry handled by the server's expiration manager,
# renew, and `secrets disable` revoking whatever is left. Prints "e2e: N passed, N failed".
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/checks.sh"

work="$(mktemp -d "${TMPDIR:-/tmp}/dvb-e2e.XXXXXX")"
passed=0; failed=0
finish() {
  dvb_stop_all
  if (( failed > 0 )); then
    echo "--- server log tail"; tail -n 40 "$work/server.log" 2>/dev/null || true
    echo "--- sidecar log tail"; tail -n 20 "$work/sidecar.log" 2>/dev/null || true
  fi
  [[ "${DVB_KEEP:-0}" == 1 ]] || rm -rf "$work"
}
trap finish EXIT

dvb_build_jar
server="$(dvb_find_server)"
dvb_start_stack "$work"
dvb_start_server "$work" "$server"
# DVB_WAL_MIN_AGE: the mint journal's rollback age, 10 min by default, shortened so the crash test
# below sees Vault's (once a minute) rollback request clean up within the run.
dvb_enable_plugin dynatrace DVB_WAL_MIN_AGE=5s
bao() { "$server" "$@"; }
# Calls the simulator's token API as the minter (an operator acting behind Vault's back).
sim_api() { curl -s -H "Authorization: Api-Token $SIM_API_TOKEN" -H 'Content-Type: application/json' "$@"; }
# Status of GET apiTokens/ID at the simulator (200 = the token exists, 404 = gone).
sim_token_exists() { sim_api -o /dev/null -w '%{http_code}' "$SIM_URL/api/v2/apiTokens/$1"; }
# Sorted ids of the simulator's tokens whose names start with PREFIX.
prefixed_ids() {
  sim_api "$SIM_URL/api/v2/apiTokens?pageSize=10000" | python3 -c '
import json, sys
p = sys.argv[1]
print("\n".join(sorted(t["id"] for t in json.load(sys.stdin)["apiTokens"] if t.get("name", "").startswith(p))))' "$1"
}

bao write dynatrace/config environment_url="$SIM_URL" auth_mode=api_token api_token="$SIM_API_TOKEN" \
  allow_http_loopback=true sidecar_url="$SIDECAR_URL" sidecar_ca_pem=@"$CERTS_DIR/ca.pem" \
  sidecar_client_cert_pem=@"$CERTS_DIR/plugin.pem" sidecar_client_key_pem=@"$CERTS_DIR/plugin-key.pem" >/dev/null
config="$(bao read -format=json dynatrace/config)"
check "config read hides the api token" "no" "$([[ "$config" == *"$SIM_API_TOKEN"* ]] && echo yes || echo no)"
check "config read hides the client key" "no" "$([[ "$config" == *"PRIVATE KEY"* ]] && echo yes || echo no)"

bao write dynatrace/roles/ci scopes=metrics.read,logs.ingest ttl=10m max_ttl=1h >/dev/null
contains "roles list shows ci" '"ci"' "$(bao list -format=json dynatrace/roles)"

creds="$(bao read -format=json dynatrace/creds/ci)"
lease_id="$(jget "$creds" 'd["lease_id"]')"; token="$(jget "$creds" 'd["data"]["token"]')"
check "creds lease is 10m" "600" "$(jget "$creds" 'd["lease_duration"]')"
check "creds lease is renewable" "True" "$(jget "$creds" 'd["renewable"]')"
check "creds data keys" "['expires_at', 'metadata', 'role', 'scopes', 'token', 'token_id', 'token_name', 'token_type']" "$(jget "$creds" 'sorted(d["data"])')"
check "minted token authenticates" "200" "$(dvb_token_status "$token")"
token_id="$(jget "$creds" 'd["data"]["token_id"]')"
contains "inventory lists the live token" "$token_id" "$(bao list -format=json dynatrace/tokens 2>&1)"

renew="$(bao lease renew -format=json -increment=30m "$lease_id")"
check "renew extends to the increment" "1800" "$(jget "$renew" 'd["lease_duration"]')"

bao lease revoke "$lease_id" >/dev/null
check "revoked token no longer authenticates" "401" "$(dvb_wait_token_gone "$token")"
still="yes"
for _ in $(seq 1 20); do
  bao read dynatrace/tokens/"$token_id" >/dev/null 2>&1 || { still="no"; break; }
  sleep 0.25
done
check "inventory forgets the revoked token" "no" "$still"

# Help and OpenAPI: path-help reads well, and the server-wide OpenAPI document includes our paths
# (an error there would break sys/internal/specs/openapi for every mount).
contains "path-help documents role fields" 'max_ttl' "$(bao path-help dynatrace/roles/x 2>&1)"
contains "server OpenAPI lists our paths" '/dynatrace/roles/{name}' "$(bao read -format=json sys/internal/specs/openapi 2>&1)"

# Bad input: clear 4xx errors naming the problem, and nothing the server logs as an error.
log_mark="$(wc -l <"$work/server.log")"
out="$(bao read dynatrace/creds/nope 2>&1 || true)"; contains "unknown role is refused by name" 'nope' "$out"
out="$(bao write dynatrace/roles/bad scopes=metrics.read ttl=2h max_ttl=1h 2>&1 || true)"; contains "ttl above max_ttl is refused" 'ttl' "$out"
out="$(bao write dynatrace/roles/bad2 scopes=not.a.scope 2>&1 || true)"
out="$(bao read dynatrace/creds/bad2 2>&1 || true)"; contains "scope Dynatrace rejects is refused with its message" 'not.a.scope' "$out"

out="$(bao write dynatrace/roles/bad3 scopes=metrics.read ttl=soon 2>&1 || true)"; contains "a malformed duration is refused by name" 'ttl' "$out"
out="$(bao write dynatrace/config tidy_interval=99999999999999999999h 2>&1 || true)"; contains "an overflowing config duration is refused by name" 'tidy_interval' "$out"
out="$(bao write dynatrace/rotate-root ttl=9223372036854775807 2>&1 || true)"; contains "an overflowing rotate-root ttl is refused by name" 'ttl' "$out"
check "malformed writes put no ERROR line in the server log" "0" \
  "$(tail -n +"$((log_mark + 1))" "$work/server.log" | grep -c '\[ERROR\]' || true)"
prefix="$(jget "$(bao read -format=json dynatrace/config)" 'd["data"]["token_name_prefix"]')"
contains "config shows the mount's unique token name prefix" "vault-" "$prefix"

# Scope narrowing: a request may pick a subset of the role's scopes, never more.
bao write dynatrace/roles/narrow scopes=metrics.read,logs.ingest allowed_request_scopes=logs.ingest \
  metadata=team=payments ttl=5m >/dev/null
narrow="$(bao read -format=json dynatrace/creds/narrow scopes=logs.ingest)"
narrow_token="$(jget "$narrow" 'd["data"]["token"]')"
check "narrowed creds report only the requested scope" "['logs.ingest']" "$(jget "$narrow" 'd["data"]["scopes"]')"
check "narrowed token holds only that scope in Dynatrace" "['logs.ingest']" "$(jget "$(curl -s -X POST \
  "$SIM_URL/api/v2/apiTokens/lookup" -H "Authorization: Api-Token $narrow_token" -H 'Content-Type: application/json' \
  --data "{\"token\":\"$narrow_token\"}")" 'd["scopes"]')"
check "role metadata is copied into the lease" "payments" "$(jget "$narrow" 'd["data"]["metadata"]["team"]')"
out="$(bao read dynatrace/creds/narrow scopes=metrics.read 2>&1 || true)"
contains "a scope outside allowed_request_scopes is refused" 'allowed_request_scopes' "$out"
out="$(bao read dynatrace/creds/narrow scopes=apiTokens.write 2>&1 || true)"
contains "a request can never widen the role" 'apiTokens.write' "$out"
bao lease revoke "$(jget "$narrow" 'd["lease_id"]')" >/dev/null

# Quota: max_active_tokens refuses the token beyond it until a lease is revoked.
bao write dynatrace/roles/quota scopes=metrics.read max_active_tokens=1 >/dev/null
q1="$(bao read -format=json dynatrace/creds/quota)"
out="$(bao read dynatrace/creds/quota 2>&1 || true)"
contains "quota refuses the second live token" 'max_active_tokens=1' "$out"
bao lease revoke "$(jget "$q1" 'd["lease_id"]')" >/dev/null
freed="no"
for _ in $(seq 1 40); do
  if q2="$(bao read -format=json dynatrace/creds/quota 2>/dev/null)"; then freed="yes"; break; fi
  sleep 0.5
done
check "quota frees its slot once the lease is revoked" "yes" "$freed"
[[ "$freed" == yes ]] && bao lease revoke "$(jget "$q2" 'd["lease_id"]')" >/dev/null

# Revoke after the token was deleted in Dynatrace behind Vault's back: 404 counts as done.
gone="$(bao read -format=json dynatrace/creds/ci)"
gone_id="$(jget "$gone" 'd["data"]["token_id"]')"; gone_lease="$(jget "$gone" 'd["lease_id"]')"
check "token deleted upstream by hand" "204" "$(sim_api -o /dev/null -w '%{http_code}' -X DELETE "$SIM_URL/api/v2/apiTokens/$gone_id")"
check "revoke of a lease whose token is already gone succeeds" "0" "$(bao lease revoke "$gone_lease" >/dev/null 2>&1; echo $?)"
lease_left="yes"
for _ in $(seq 1 40); do
  bao lease lookup "$gone_lease" >/dev/null 2>&1 || { lease_left="no"; break; }
  sleep 0.5
done
check "the lease is gone after revoke (no stuck lease)" "no" "$lease_left"

# Tidy: an orphan with this mount's prefix, created behind the server's back, is deleted;
# leased tokens and tokens of other mounts or people are not.
orphan_id="$(sim_api -X POST "$SIM_URL/api/v2/apiTokens" --data "{\"name\":\"${prefix}made-by-hand\",\"scopes\":[\"metrics.read\"]}" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
foreign_id="$(sim_api -X POST "$SIM_URL/api/v2/apiTokens" --data '{"name":"vault-zzzzzzzz-another-mount","scopes":["metrics.read"]}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
kept="$(bao read -format=json dynatrace/creds/ci)"; kept_token="$(jget "$kept" 'd["data"]["token"]')"
tidy="$(bao write -format=json -f dynatrace/tidy)"
check "tidy reports one orphan deleted" "1" "$(jget "$tidy" 'd["data"]["orphans_deleted"]')"
check "tidy deleted the orphan in Dynatrace" "404" "$(sim_token_exists "$orphan_id")"
check "tidy kept another mount's token" "200" "$(sim_token_exists "$foreign_id")"
check "tidy kept the leased token" "200" "$(dvb_token_status "$kept_token")"
check "tidy status shows the last run" "manual" "$(jget "$(bao read -format=json dynatrace/tidy)" 'd["data"]["last_run"]["trigger"]')"
sim_api -o /dev/null -X DELETE "$SIM_URL/api/v2/apiTokens/$foreign_id"

# Crash: the sidecar dies after Dynatrace created the token but before the lease reached Vault.
# The mint journal entry stays; Vault's periodic rollback finds the token by name and deletes it.
before="$(prefixed_ids "$prefix")"
curl -s -o /dev/null -X POST "$SIM_URL/_sim/faults" -H 'Content-Type: application/json' \
  --data '{"mode":"latency","latency_ms":4000,"count":1,"path_prefix":"/api/v2/apiTokens"}'
bao read dynatrace/creds/ci >"$work/crash.out" 2>&1 &
crash_pid=$!
# Kill the sidecar once the create is held at Dynatrace (the one-shot fault has been consumed).
for _ in $(seq 1 80); do
  [[ "$(curl -s "$SIM_URL/_sim/state" | python3 -c 'import json,sys; print(json.load(sys.stdin)["fault"]["mode"])' 2>/dev/null)" == none ]] && break
  sleep 0.25
done
dvb_kill_sidecar "$work"
crash_rc=0; wait "$crash_pid" || crash_rc=$?
check "the interrupted mint returned an error, no lease" "yes" "$( (( crash_rc != 0 )) && echo yes || echo no)"
contains "the interrupted mint says Dynatrace or the sidecar is unavailable" 'unavailable' "$(cat "$work/crash.out")"
# The held create completes at Dynatrace although its caller is gone: wait for its token, bounded.
lost=""
for _ in $(seq 1 60); do
  lost="$(comm -13 <(printf '%s\n' "$before") <(prefixed_ids "$prefix") | grep -v '^$' || true)"
  [[ -n "$lost" ]] && break
  sleep 0.25
done
check "the lost mint left exactly one token in Dynatrace" "1" "$(printf '%s' "$lost" | grep -c . || true)"
dvb_start_sidecar "$work" "${SIDECAR_URL##*:}"
gone_status=""
for _ in $(seq 1 75); do  # Vault sends the rollback request once a minute
  gone_status="$(sim_token_exists "$lost")"
  [[ "$gone_status" == 404 ]] && break
  sleep 2
done
check "rollback deleted the token of the lost mint (no orphan)" "404" "$gone_status"

# Lease expiry: the server's expiration manager revokes, and the token dies upstream.
bao write dynatrace/roles/short scopes=metrics.read ttl=3s max_ttl=6s >/dev/null
short="$(bao read -format=json dynatrace/creds/short)"; short_token="$(jget "$short" 'd["data"]["token"]')"
check "short-lived token authenticates" "200" "$(dvb_token_status "$short_token")"
check "expired lease deleted the token upstream" "401" "$(dvb_wait_token_gone "$short_token" 40)"

# Multiplexing: a second mount is served by the same plugin process, fully isolated.
bao secrets enable -path=dynatrace-b -plugin-version="v$(java -jar "$DVB_JAR" --version | awk '{print $2}')" dynatrace >/dev/null
check "second mount starts unconfigured" "yes" "$(bao read dynatrace-b/config >/dev/null 2>&1 && echo no || echo yes)"
check "second mount does not see the first mount's roles" "yes" "$(bao read dynatrace-b/roles/ci >/dev/null 2>&1 && echo no || echo yes)"
# Only this run's plugin processes count (other runs on the machine have their own $work).
check "both mounts share one plugin process" "1" "$(pgrep -fc -- "$work/.*dynatrace-vault-bridge.jar plugin" || true)"

# A bad credential is refused on write with Dynatrace's reason (live verification).
bad_token="$(dvb_json_get "$SIM_JSON" api_token_id).$(python3 -c 'print("X"*64)')"
out="$(bao write dynatrace-b/config environment_url="$SIM_URL" auth_mode=api_token api_token="$bad_token" \
  allow_http_loopback=true sidecar_url="$SIDECAR_URL" sidecar_ca_pem=@"$CERTS_DIR/ca.pem" \
  sidecar_client_cert_pem=@"$CERTS_DIR/plugin.pem" sidecar_client_key_pem=@"$CERTS_DIR/plugin-key.pem" 2>&1 || true)"
contains "bad credential refused with Dynatrace's reason" 'Authentication failed' "$out"

# OAuth client credentials on the second mount: SSO grant, then Bearer on the platform proxy.
bao write dynatrace-b/config environment_url="$SIM_URL" auth_mode=oauth \
  oauth_client_id="$(dvb_json_get "$SIM_JSON" oauth_client_id)" \
  oauth_client_secret="$(dvb_json_get "$SIM_JSON" oauth_client_secret)" \
  oauth_resource="$(dvb_json_get "$SIM_JSON" oauth_resource)" sso_url="$(dvb_json_get "$SIM_JSON" sso_url)" \
  allow_http_loopback=true sidecar_url="$SIDECAR_URL" sidecar_ca_pem=@"$CERTS_DIR/ca.pem" \
  sidecar_client_cert_pem=@"$CERTS_DIR/plugin.pem" sidecar_client_key_pem=@"$CERTS_DIR/plugin-key.pem" >/dev/null
bao write dynatrace-b/roles/app scopes=logs.ingest ttl=5m >/dev/null
oauth_creds="$(bao read -format=json dynatrace-b/creds/app)"
oauth_token="$(jget "$oauth_creds" 'd["data"]["token"]')"
check "oauth-minted token authenticates" "200" "$(dvb_token_status "$oauth_token")"
bao lease revoke "$(jget "$oauth_creds" 'd["lease_id"]')" >/dev/null
check "oauth-minted token revoked" "401" "$(dvb_wait_token_gone "$oauth_token")"

# Platform token on the same mount (partial update: only the mode and its credential change):
# the dt0s16 token itself is the Bearer on the platform proxy, no SSO.
bao write dynatrace-b/config auth_mode=platform_token platform_token="$SIM_PLATFORM_TOKEN" >/dev/null
b_config="$(bao read -format=json dynatrace-b/config)"
check "config read hides the platform token" "no" "$([[ "$b_config" == *"$SIM_PLATFORM_TOKEN"* ]] && echo yes || echo no)"
contains "config read shows the platform token fingerprint" 'platform_token_fingerprint' "$b_config"
pt_creds="$(bao read -format=json dynatrace-b/creds/app)"
pt_token="$(jget "$pt_creds" 'd["data"]["token"]')"
check "platform-token-minted token authenticates" "200" "$(dvb_token_status "$pt_token")"
bao lease revoke "$(jget "$pt_creds" 'd["lease_id"]')" >/dev/null
check "platform-token-minted token revoked" "401" "$(dvb_wait_token_gone "$pt_token")"
out="$(bao write dynatrace-b/config platform_token="$SIM_API_TOKEN" 2>&1 || true)"
contains "a platform_token that is not one is refused by name" 'platform_token' "$out"
bao secrets disable dynatrace-b >/dev/null

# Platform tokens through the Account Management API (scripts/lib/e2e-platform.sh).
source "$(dirname "${BASH_SOURCE[0]}")/lib/e2e-platform.sh"
e2e_platform_section

# The trust boundary. Mount dynatrace-c is a second principal at the sidecar: its own client
# certificate, its own connection. With that certificate nothing can be done on mount
# dynatrace's connection; through Vault each mount keeps working on its own.
java -jar "$DVB_JAR" certs --out "$CERTS_DIR" --client mount-c >"$work/certs-c.log" 2>&1
a_id="$(jget "$(bao read -format=json dynatrace/config)" 'd["data"]["connection_id"]')"
a_creds="$(bao read -format=json dynatrace/creds/ci)"
a_token="$(jget "$a_creds" 'd["data"]["token"]')"; a_token_id="$(jget "$a_creds" 'd["data"]["token_id"]')"
as_c() { # as_c METHOD PATH [BODY]: status of a sidecar call made with mount C's certificate
  curl -s -o /dev/null -w '%{http_code}' -X "$1" --cacert "$CERTS_DIR/ca.pem" --cert "$CERTS_DIR/mount-c.pem" \
    --key "$CERTS_DIR/mount-c-key.pem" -H 'Content-Type: application/json' ${3:+--data "$3"} "$SIDECAR_URL$2"
}
conn="/v1/connections/$a_id"
lease_body='{"lease":{"mount":"dynatrace/","role":"ci"},"reason":"forged"}'
check "another certificate cannot re-point the connection" "403" "$(as_c PUT "$conn" \
  "{\"environment_url\":\"http://127.0.0.1:9\",\"auth_mode\":\"api_token\",\"api_token\":\"x\"}")"
check "another certificate cannot mint on it" "403" "$(as_c POST "$conn/tokens" \
  '{"name":"vault-x-steal","scopes":["metrics.read"],"expiration_date":"2099-01-01T00:00:00Z"}')"
check "another certificate cannot list its tokens" "403" "$(as_c GET "$conn/tokens?name_prefix=$prefix")"
check "another certificate cannot verify its minter" "403" "$(as_c POST "$conn/verify")"
check "another certificate cannot delete its token" "403" "$(as_c DELETE "$conn/tokens/$a_token_id" "$lease_body")"
check "another certificate cannot sweep its token" "403" "$(as_c POST "$conn/tokens/$a_token_id/sweep" "$lease_body")"
check "another certificate cannot roll back by name" "403" "$(as_c POST "$conn/tokens/revoke-by-name" \
  '{"name":"vault-x","reason":"forged"}')"
check "another certificate cannot report a renewal" "403" "$(as_c POST "$conn/tokens/$a_token_id/renewed" "$lease_body")"
check "another certificate cannot read its lease log" "403" "$(as_c GET "$conn/lease-log/entries")"
check "another certificate cannot read the whole lease log" "403" "$(as_c GET "/v1/lease-log/export")"
check "another certificate cannot remove the connection" "403" "$(as_c DELETE "$conn")"
check "the attacked mount's token still authenticates" "200" "$(dvb_token_status "$a_token")"
a2="$(bao read -format=json dynatrace/creds/ci)"
check "the attacked mount keeps minting" "200" "$(dvb_token_status "$(jget "$a2" 'd["data"]["token"]')")"
bao lease revoke "$(jget "$a2" 'd["lease_id"]')" >/dev/null
bao lease revoke "$(jget "$a_creds" 'd["lease_id"]')" >/dev/null
check "the attacked mount keeps revoking" "401" "$(dvb_wait_token_gone "$a_token")"

bao secrets enable -path=dynatrace-c -max-lease-ttl=2000h -plugin-version="v$(java -jar "$DVB_JAR" --version | awk '{print $2}')" dynatrace >/dev/null
c_config=(environment_url="$SIM_URL" auth_mode=api_token api_token="$SIM_API_TOKEN" allow_http_loopback=true
  sidecar_url="$SIDECAR_URL" sidecar_ca_pem=@"$CERTS_DIR/ca.pem"
  sidecar_client_cert_pem=@"$CERTS_DIR/mount-c.pem" sidecar_client_key_pem=@"$CERTS_DIR/mount-c-key.pem")
bao write dynatrace-c/config "${c_config[@]}" >/dev/null
bao write dynatrace-c/roles/app scopes=logs.ingest ttl=5m max_ttl=1h >/dev/null
c_creds="$(bao read -format=json dynatrace-c/creds/app)"
check "mount C mints with its own certificate" "200" "$(dvb_token_status "$(jget "$c_creds" 'd["data"]["token"]')")"
bao lease revoke "$(jget "$c_creds" 'd["lease_id"]')" >/dev/null

# The sidecar's policy, whatever the plugin asks: a scope, a host and a lifetime outside it.
bao write dynatrace-c/roles/minter-like scopes=apiTokens.write ttl=5m >/dev/null
out="$(bao read dynatrace-c/creds/minter-like 2>&1 || true)"
contains "policy refuses a token-management scope, naming the rule" 'management_scopes' "$out"
bao write dynatrace-c/roles/forever scopes=logs.ingest ttl=1h max_ttl=1000h >/dev/null
out="$(bao read dynatrace-c/creds/forever 2>&1 || true)"
contains "policy refuses a lifetime beyond its maximum, naming the rule" 'max_token_lifetime' "$out"
out="$(bao write dynatrace-c/config environment_url=https://collector.attacker.example api_token="$SIM_API_TOKEN" 2>&1 || true)"
contains "policy refuses a Dynatrace host nobody approved, naming the rule" 'allowed_hosts' "$out"

# No credential leaves for a new host without being given again; a refused write changes nothing.
out="$(bao write dynatrace-c/config environment_url="http://localhost:${SIM_URL##*:}" 2>&1 || true)"
contains "changing environment_url without the credential is refused, naming it" 'api_token' "$out"
out="$(bao write dynatrace-c/config api_token="$(dvb_json_get "$SIM_JSON" api_token_id).$(python3 -c 'print("Y"*64)')" 2>&1 || true)"
contains "a bad credential is refused" 'refused' "$out"
c2="$(bao read -format=json dynatrace-c/creds/app)"; c2_token="$(jget "$c2" 'd["data"]["token"]')"
check "after a refused write the old credential still mints" "200" "$(dvb_token_status "$c2_token")"
bao lease revoke "$(jget "$c2" 'd["lease_id"]')" >/dev/null
check "after a refused write the old credential still revokes" "401" "$(dvb_wait_token_gone "$c2_token")"
injected="${SIM_API_TOKEN}"$'\r\n''X-Injected: 1'
out="$(bao write dynatrace-c/config api_token="$injected" 2>&1 || true)"
contains "a credential with CR/LF is refused naming the field" 'api_token' "$out"
check "the refusal does not echo the credential" "no" "$([[ "$out" == *"${SIM_API_TOKEN##*.}"* ]] && echo yes || echo no)"
out="$(bao write dynatrace-c/rotate-root ttl=9223372036854775807 2>&1 || true)"
contains "an overflowing duration is a 400 naming the field" 'ttl' "$out"
check "an overflowing duration is no server error" "no" "$([[ "$out" == *"Code: 500"* ]] && echo yes || echo no)"
bao secrets disable dynatrace-c >/dev/null

# Mass revocation on the real server: 100 leases revoked by prefix while Dynatrace throttles deletes.
bao write dynatrace/roles/mass scopes=metrics.read ttl=1h >/dev/null
mass_tokens=()
for _ in $(seq 1 100); do mass_tokens+=("$(bao read -field=token dynatrace/creds/mass)"); done
curl -s -o /dev/null -X POST "$SIM_URL/_sim/faults" -H 'Content-Type: application/json' \
  --data '{"mode":"rate_limit","count":60,"retry_after_s":1,"path_prefix":"/api/v2/apiTokens/dt0c01"}'
bao lease revoke -prefix dynatrace/creds/mass >/dev/null
alive=100
for _ in $(seq 1 60); do
  alive=0
  for t in "${mass_tokens[@]}"; do [[ "$(dvb_token_status "$t")" == 200 ]] && alive=$((alive+1)); done
  (( alive == 0 )) && break
  sleep 2
done
curl -s -o /dev/null -X DELETE "$SIM_URL/_sim/faults"
check "mass revocation under throttling deleted all 100 tokens" "0" "$alive"
throttled="$(curl -s "$SIM_URL/_sim/state" | python3 -c 'import json,sys; print(json.load(sys.stdin)["counters"]["rate_limited"])' 2>/dev/null || echo 0)"
check "Dynatrace throttled the mass revocation (429s answered and retried)" "yes" "$( (( throttled >= 60 )) && echo yes || echo no)"
mass_left="$( { bao list -format=json sys/leases/lookup/dynatrace/creds/mass/ 2>/dev/null || true; } \
  | python3 -c 'import json,sys; t=sys.stdin.read().strip(); print(len(json.loads(t)) if t else 0)')"
check "no mass lease is left in Vault" "0" "$mass_left"

# rotate-root: a new minter token replaces the old one, which is deleted with the new one.
rot="$(bao write -format=json -f dynatrace/rotate-root)"
contains "rotate-root names the new minter token" "vault-root-" "$(jget "$rot" 'd["data"]["new_token_name"]')"
check "rotate-root deleted the old minter token" "401" "$(dvb_token_status "$SIM_API_TOKEN")"
rot_creds="$(bao read -format=json dynatrace/creds/ci)"
rot_token="$(jget "$rot_creds" 'd["data"]["token"]')"
check "mints work with the new minter token" "200" "$(dvb_token_status "$rot_token")"
bao lease revoke "$(jget "$rot_creds" 'd["lease_id"]')" >/dev/null
check "revokes work with the new minter token" "401" "$(dvb_wait_token_gone "$rot_token")"

# The lease log through Vault: export and verify against the pinned public key.
bao read -field=verifier_key dynatrace/lease-log/public-key >"$work/lease-log.pub"
bao read -field=checkpoint dynatrace/lease-log/checkpoint >"$work/checkpoint-early.txt"
bao read -field=export dynatrace/lease-log/export >"$work/export-vault.jsonl"
out="$(java -jar "$DVB_JAR" lease-log verify --export "$work/export-vault.jsonl" --public-key "$work/lease-log.pub" 2>&1 || true)"
contains "the lease log exported through Vault verifies" "OK lease log verified" "$out"

# Unmount revokes what is left.
left1_json="$(bao read -format=json dynatrace/creds/ci)"; left1="$(jget "$left1_json" 'd["data"]["token"]')"
left2="$(jget "$(bao read -format=json dynatrace/creds/ci)" 'd["data"]["token"]')"
bao secrets disable dynatrace >/dev/null
check "disable revoked token 1" "401" "$(dvb_token_status "$left1")"
check "disable revoked token 2" "401" "$(dvb_token_status "$left2")"

# Every lease's life is in the log: the final export (the whole log, from the sidecar to the
# operator's certificate) verifies, is
# consistent with the earlier checkpoint, and tells each token's story.
dvb_operator_curl /v1/lease-log/export >"$work/export-final.jsonl"
out="$(java -jar "$DVB_JAR" lease-log verify --export "$work/export-final.jsonl" --public-key "$work/lease-log.pub" \
  --trusted-checkpoint "$work/checkpoint-early.txt" 2>&1 || true)"
contains "the final lease log verifies and extends the earlier checkpoint" "OK lease log verified" "$out"
story() { # story TOKEN_ID: the event types of one token, in order
  java -jar "$DVB_JAR" lease-log show --export "$work/export-final.jsonl" --token-id "$1" --json 2>/dev/null \
    | python3 -c 'import json,sys; print(" ".join(json.loads(l)["type"] for l in sys.stdin if l.strip()))'
}
check "log: first token minted, renewed, revoked" "minted renewed revoked" "$(story "$token_id")"
check "log: short token minted, revoked at lease expiry" "minted revoked" "$(story "$(jget "$short" 'd["data"]["token_id"]')")"
check "log: token deleted behind Vault's back is already_gone" "minted already_gone" "$(story "$gone_id")"
check "log: tidy's orphan is swept" "swept" "$(story "$orphan_id")"
check "log: the lost mint is rolled back" "rolled_back" "$(story "$lost")"
check "log: a token left at unmount is revoked by the unmount" "minted revoked" "$(story "$(jget "$left1_json" 'd["data"]["token_id"]')")"
check "log: the platform token minted, renewed (expiry moved), revoked" "minted renewed revoked" "$(story "$PT_TOKEN_ID")"
check "log: the short platform token revoked at lease expiry" "minted revoked" "$(story "$PT_SHORT_ID")"
check "log: tidy swept the orphaned and the expired platform token" "swept swept" "$(story "$PT_ORPHAN_ID") $(story "$PT_EXPIRED_ID")"
check "log: the platform token's entries say token_type platform" "platform" "$(python3 -c '
import json, sys
print(" ".join(sorted({json.loads(l).get("token_type", "-") for l in open(sys.argv[1]) if l.strip() and json.loads(l).get("token_id") == sys.argv[2]})))' "$work/export-final.jsonl" "$PT_TOKEN_ID")"
contains "log: the renewal records the moved expiry" "token expiry moved to" "$(java -jar "$DVB_JAR" lease-log show --export "$work/export-final.jsonl" --token-id "$PT_TOKEN_ID" --json 2>/dev/null)"
contains "log: the root rotation is recorded" "rotated_root" "$(java -jar "$DVB_JAR" lease-log show --export "$work/export-final.jsonl" --json 2>/dev/null)"
refused="$(python3 -c '
import json, sys
n = 0
for l in open(sys.argv[1]):
    e = json.loads(l) if l.strip() else {}
    n += e.get("type") == "refused" and e.get("connection") == sys.argv[2]
print(n)' "$work/export-final.jsonl" "$a_id")"
check "log: each of the 10 calls another certificate made on the mount's connection is recorded as refused" "10" "$refused"
check "no malformed write made the server log an existence-check error" "0" \
  "$(grep -c 'failed to run existence check' "$work/server.log" || true)"
log_leaks=0
for secret in "$SIM_API_TOKEN" "$token" "$short_token" "$left1" "$left2" "$oauth_token" "$narrow_token" "$kept_token" "$rot_token" \
    "$(dvb_json_get "$SIM_JSON" account_client_secret)" "${PT_SECRETS[@]}"; do
  if grep -qF -- "$secret" "$work/export-final.jsonl"; then log_leaks=$((log_leaks+1)); fi
done
check "no token value or credential in the lease log" "0" "$log_leaks"

# Secrets never leave their lane: no token value or credential in the server (plugin) or sidecar logs.
leaks=0
for secret in "$SIM_API_TOKEN" "$(dvb_json_get "$SIM_JSON" oauth_client_secret)" "$token" "$short_token" \
    "$left1" "$left2" "$oauth_token" "$narrow_token" "$kept_token" "$SIM_PLATFORM_TOKEN" "$pt_token" "$rot_token" \
    "$(dvb_json_get "$SIM_JSON" account_client_secret)" "${PT_SECRETS[@]}"; do
  # every log this run wrote: server (with the plugin's lines), sidecar, simulator, certs
  if grep -rqF --include='*.log' -- "$secret" "$work"; then leaks=$((leaks+1)); echo "leak: a secret is in $(grep -rlF --include='*.log' -- "$secret" "$work" | head -1)"; fi
done
check "no token or credential in any log of the run" "0" "$leaks"
check "no token-shaped secret in any log of the run" "0" "$(dvb_scan_logs "$work")"

echo "e2e: $passed passed, $failed failed"
(( failed == 0 ))
