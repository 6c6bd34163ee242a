# The e2e tier's scenarios of one classic mount (sourced by scripts/e2e.sh): the demo's flow, bad
# input, scope narrowing, quota, revoke after an upstream delete, tidy, lease expiry, unmount.
# Each mounts dynatrace-<scenario>, and disables it at its end.

# Mint, renew, revoke; the token inventory; help and OpenAPI.
e2e_basics() {
  local m=dynatrace-basics config creds lease_id token token_id renew still
  e2e_mount "$m"
  e2e_configure "$m"
  config="$(bao read -format=json "$m/config")"
  check "config read hides the api token" "no" "$([[ "$config" == *"$SIM_API_TOKEN"* ]] && echo yes || echo no)"
  check "config read hides the client key" "no" "$([[ "$config" == *"PRIVATE KEY"* ]] && echo yes || echo no)"

  bao write "$m/roles/ci" scopes=metrics.read,logs.ingest ttl=10m max_ttl=1h >/dev/null
  contains "roles list shows ci" '"ci"' "$(bao list -format=json "$m/roles")"

  creds="$(bao read -format=json "$m/creds/ci")"
  lease_id="$(jget "$creds" 'd["lease_id"]')"; token="$(jget "$creds" 'd["data"]["token"]')"
  e2e_secret "$token"
  check "creds lease is 10m" "600" "$(jget "$creds" 'd["lease_duration"]')"
  check "creds lease is renewable" "True" "$(jget "$creds" 'd["renewable"]')"
  check "creds data keys" "['expires_at', 'metadata', 'role', 'scopes', 'token', 'token_id', 'token_name', 'token_type']" "$(jget "$creds" 'sorted(d["data"])')"
  check "minted token authenticates" "200" "$(dvb_token_status "$token")"
  token_id="$(jget "$creds" 'd["data"]["token_id"]')"
  contains "inventory lists the live token" "$token_id" "$(bao list -format=json "$m/tokens" 2>&1)"

  renew="$(bao lease renew -format=json -increment=30m "$lease_id")"
  check "renew extends to the increment" "1800" "$(jget "$renew" 'd["lease_duration"]')"

  bao lease revoke "$lease_id" >/dev/null
  check "revoked token no longer authenticates" "401" "$(dvb_wait_token_gone "$token")"
  still="yes"
  for _ in $(seq 1 20); do
    bao read "$m/tokens/$token_id" >/dev/null 2>&1 || { still="no"; break; }
    sleep 0.25
  done
  check "inventory forgets the revoked token" "no" "$still"

  # Help and OpenAPI: path-help reads well, and the server-wide OpenAPI document includes our paths
  # (an error there would break sys/internal/specs/openapi for every mount).
  contains "path-help documents role fields" 'max_ttl' "$(bao path-help "$m/roles/x" 2>&1)"
  contains "server OpenAPI lists our paths" "/$m/roles/{name}" "$(bao read -format=json sys/internal/specs/openapi 2>&1)"

  e2e_check_story "log: first token minted, renewed, revoked" "minted renewed revoked" "$token_id"
  bao secrets disable "$m" >/dev/null
}

# Bad input: clear 4xx errors naming the problem, and nothing the server logs as an error.
e2e_bad_input() {
  local m=dynatrace-bad-input log_mark out
  e2e_mount "$m"
  e2e_configure "$m"
  log_mark="$(wc -l <"$work/server.log")"
  out="$(bao read "$m/creds/nope" 2>&1 || true)"; contains "unknown role is refused by name" 'nope' "$out"
  out="$(bao write "$m/roles/bad" scopes=metrics.read ttl=2h max_ttl=1h 2>&1 || true)"; contains "ttl above max_ttl is refused" 'ttl' "$out"
  out="$(bao write "$m/roles/bad2" scopes=not.a.scope 2>&1 || true)"
  out="$(bao read "$m/creds/bad2" 2>&1 || true)"; contains "scope Dynatrace rejects is refused with its message" 'not.a.scope' "$out"

  out="$(bao write "$m/roles/bad3" scopes=metrics.read ttl=soon 2>&1 || true)"; contains "a malformed duration is refused by name" 'ttl' "$out"
  out="$(bao write "$m/config" tidy_interval=99999999999999999999h 2>&1 || true)"; contains "an overflowing config duration is refused by name" 'tidy_interval' "$out"
  out="$(bao write "$m/rotate-root" ttl=9223372036854775807 2>&1 || true)"; contains "an overflowing rotate-root ttl is refused by name" 'ttl' "$out"
  check "malformed writes put no ERROR line in the server log" "0" \
    "$(tail -n +"$((log_mark + 1))" "$work/server.log" | grep -c '\[ERROR\]' || true)"
  check "bad-input: the malformed writes made the server log no existence-check error" "0" \
    "$(tail -n +"$((log_mark + 1))" "$work/server.log" | grep -c 'failed to run existence check' || true)"
  contains "config shows the mount's unique token name prefix" "vault-" "$(e2e_prefix "$m")"
  check "bad-input: the refused rotate-root left the minter token working" "200" "$(dvb_token_status "$SIM_API_TOKEN")"
  bao secrets disable "$m" >/dev/null
}

# Scope narrowing: a request may pick a subset of the role's scopes, never more.
e2e_narrow() {
  local m=dynatrace-narrow narrow narrow_token out
  e2e_mount "$m"
  e2e_configure "$m"
  bao write "$m/roles/narrow" scopes=metrics.read,logs.ingest allowed_request_scopes=logs.ingest \
    metadata=team=payments ttl=5m >/dev/null
  narrow="$(bao read -format=json "$m/creds/narrow" scopes=logs.ingest)"
  narrow_token="$(jget "$narrow" 'd["data"]["token"]')"
  e2e_secret "$narrow_token"
  check "narrowed creds report only the requested scope" "['logs.ingest']" "$(jget "$narrow" 'd["data"]["scopes"]')"
  check "narrowed token holds only that scope in Dynatrace" "['logs.ingest']" "$(jget "$(curl -s -X POST \
    "$SIM_URL/api/v2/apiTokens/lookup" -H "Authorization: Api-Token $narrow_token" -H 'Content-Type: application/json' \
    --data "{\"token\":\"$narrow_token\"}")" 'd["scopes"]')"
  check "role metadata is copied into the lease" "payments" "$(jget "$narrow" 'd["data"]["metadata"]["team"]')"
  out="$(bao read "$m/creds/narrow" scopes=metrics.read 2>&1 || true)"
  contains "a scope outside allowed_request_scopes is refused" 'allowed_request_scopes' "$out"
  out="$(bao read "$m/creds/narrow" scopes=apiTokens.write 2>&1 || true)"
  contains "a request can never widen the role" 'apiTokens.write' "$out"
  bao lease revoke "$(jget "$narrow" 'd["lease_id"]')" >/dev/null
  check "narrow: the narrowed token is deleted on revoke" "401" "$(dvb_wait_token_gone "$narrow_token")"
  e2e_check_story "narrow: log: the narrowed token minted, revoked" "minted revoked" "$(jget "$narrow" 'd["data"]["token_id"]')"
  bao secrets disable "$m" >/dev/null
}

# Quota: max_active_tokens refuses the token beyond it until a lease is revoked.
e2e_quota() {
  local m=dynatrace-quota q1 q2 out freed
  e2e_mount "$m"
  e2e_configure "$m"
  bao write "$m/roles/quota" scopes=metrics.read max_active_tokens=1 >/dev/null
  q1="$(bao read -format=json "$m/creds/quota")"; e2e_secret "$(jget "$q1" 'd["data"]["token"]')"
  out="$(bao read "$m/creds/quota" 2>&1 || true)"
  contains "quota refuses the second live token" 'max_active_tokens=1' "$out"
  bao lease revoke "$(jget "$q1" 'd["lease_id"]')" >/dev/null
  freed="no"
  for _ in $(seq 1 40); do
    if q2="$(bao read -format=json "$m/creds/quota" 2>/dev/null)"; then freed="yes"; break; fi
    sleep 0.5
  done
  check "quota frees its slot once the lease is revoked" "yes" "$freed"
  if [[ "$freed" == yes ]]; then
    e2e_secret "$(jget "$q2" 'd["data"]["token"]')"
    bao lease revoke "$(jget "$q2" 'd["lease_id"]')" >/dev/null
  fi
  bao secrets disable "$m" >/dev/null
}

# Revoke after the token was deleted in Dynatrace behind Vault's back: 404 counts as done.
e2e_gone() {
  local m=dynatrace-gone gone gone_id gone_lease
  e2e_ci_mount "$m"
  gone="$(bao read -format=json "$m/creds/ci")"; e2e_secret "$(jget "$gone" 'd["data"]["token"]')"
  gone_id="$(jget "$gone" 'd["data"]["token_id"]')"; gone_lease="$(jget "$gone" 'd["lease_id"]')"
  check "token deleted upstream by hand" "204" "$(sim_api -o /dev/null -w '%{http_code}' -X DELETE "$SIM_URL/api/v2/apiTokens/$gone_id")"
  check "revoke of a lease whose token is already gone succeeds" "0" "$(bao lease revoke "$gone_lease" >/dev/null 2>&1; echo $?)"
  check "the lease is gone after revoke (no stuck lease)" "no" "$(e2e_lease_left "$gone_lease")"
  e2e_check_story "log: token deleted behind Vault's back is already_gone" "minted already_gone" "$gone_id"
  bao secrets disable "$m" >/dev/null
}

# Tidy: an orphan with this mount's prefix, created behind the server's back, is deleted;
# leased tokens and tokens of other mounts or people are not.
e2e_tidy() {
  local m=dynatrace-tidy prefix orphan_id foreign_id kept kept_token tidy
  e2e_ci_mount "$m"
  prefix="$(e2e_prefix "$m")"
  orphan_id="$(sim_api -X POST "$SIM_URL/api/v2/apiTokens" --data "{\"name\":\"${prefix}made-by-hand\",\"scopes\":[\"metrics.read\"]}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
  foreign_id="$(sim_api -X POST "$SIM_URL/api/v2/apiTokens" --data '{"name":"vault-zzzzzzzz-another-mount","scopes":["metrics.read"]}' \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
  kept="$(bao read -format=json "$m/creds/ci")"; kept_token="$(jget "$kept" 'd["data"]["token"]')"
  e2e_secret "$kept_token"
  tidy="$(bao write -format=json -f "$m/tidy")"
  check "tidy reports one orphan deleted" "1" "$(jget "$tidy" 'd["data"]["orphans_deleted"]')"
  check "tidy deleted the orphan in Dynatrace" "404" "$(sim_token_exists "$orphan_id")"
  check "tidy kept another mount's token" "200" "$(sim_token_exists "$foreign_id")"
  check "tidy kept the leased token" "200" "$(dvb_token_status "$kept_token")"
  check "tidy status shows the last run" "manual" "$(jget "$(bao read -format=json "$m/tidy")" 'd["data"]["last_run"]["trigger"]')"
  e2e_check_story "log: tidy's orphan is swept" "swept" "$orphan_id"
  sim_api -o /dev/null -X DELETE "$SIM_URL/api/v2/apiTokens/$foreign_id"
  bao secrets disable "$m" >/dev/null
  check "tidy: the unmount revoked the kept token" "401" "$(dvb_wait_token_gone "$kept_token")"
}

# Lease expiry: the server's expiration manager revokes, and the token dies upstream.
e2e_expiry() {
  local m=dynatrace-expiry short short_token
  e2e_mount "$m"
  e2e_configure "$m"
  bao write "$m/roles/short" scopes=metrics.read ttl=3s max_ttl=6s >/dev/null
  short="$(bao read -format=json "$m/creds/short")"; short_token="$(jget "$short" 'd["data"]["token"]')"
  e2e_secret "$short_token"
  check "short-lived token authenticates" "200" "$(dvb_token_status "$short_token")"
  check "expired lease deleted the token upstream" "401" "$(dvb_wait_token_gone "$short_token" 40)"
  e2e_check_story "log: short token minted, revoked at lease expiry" "minted revoked" "$(jget "$short" 'd["data"]["token_id"]')"
  bao secrets disable "$m" >/dev/null
}

# Unmount revokes what is left.
e2e_unmount() {
  local m=dynatrace-unmount left1_json left1 left2
  e2e_ci_mount "$m"
  left1_json="$(bao read -format=json "$m/creds/ci")"; left1="$(jget "$left1_json" 'd["data"]["token"]')"
  left2="$(jget "$(bao read -format=json "$m/creds/ci")" 'd["data"]["token"]')"
  e2e_secret "$left1" "$left2"
  bao secrets disable "$m" >/dev/null
  check "disable revoked token 1" "401" "$(dvb_wait_token_gone "$left1")"
  check "disable revoked token 2" "401" "$(dvb_wait_token_gone "$left2")"
  e2e_check_story "log: a token left at unmount is revoked by the unmount" "minted revoked" "$(jget "$left1_json" 'd["data"]["token_id"]')"
}
