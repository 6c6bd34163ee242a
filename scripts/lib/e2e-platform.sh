# The e2e tier's platform-token scenario (sourced by scripts/e2e.sh, which provides bao, check,
# contains, jget, the helpers of e2e-helpers.sh and the running stack). Mount dynatrace-platform
# holds a classic minter and the account side, so classic and platform roles live side by side; it
# is disabled again at the end, and the tokens' stories are checked in the lease log.

# An SSO bearer of the simulator's account client (an operator acting behind Vault's back).
pt_account_bearer() {
  curl -s "$SIM_URL/sso/oauth2/token" --data-urlencode grant_type=client_credentials \
    --data-urlencode client_id="$(dvb_json_get "$SIM_JSON" account_client_id)" \
    --data-urlencode client_secret="$(dvb_json_get "$SIM_JSON" account_client_secret)" \
    --data-urlencode scope="platform-token:tokens:write platform-token:tokens:manage" \
    --data-urlencode resource="urn:dtaccount:$(dvb_json_get "$SIM_JSON" account_uuid)" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}
pt_account_api() { # pt_account_api METHOD PATH [BODY]: the account API's answer body
  curl -s -X "$1" -H "Authorization: Bearer $(pt_account_bearer)" -H 'Content-Type: application/json' \
    ${3:+--data "$3"} "$SIM_URL/iam/v1/accounts/$(dvb_json_get "$SIM_JSON" account_uuid)$2"
}
# The simulator's view of one platform token (deleted ones are absent: "{}").
pt_state() {
  curl -s "$SIM_URL/_sim/state" | python3 -c '
import json, sys
ts = [t for t in json.load(sys.stdin)["platform_tokens"] if t["id"] == sys.argv[1]]
print(json.dumps(ts[0] if ts else {}))' "$1"
}
pt_expiry_epoch() { # seconds since the epoch of a platform token's Dynatrace expiry (0: gone or never)
  pt_state "$1" | python3 -c '
import json, sys, datetime
t = json.load(sys.stdin); e = t.get("expiration_date")
print(int(datetime.datetime.fromisoformat(e.replace("Z", "+00:00")).timestamp()) if e else 0)'
}
# HTTP status of a log ingest with a platform token as Bearer on the platform proxy (204 = works).
pt_ingest_status() {
  curl -s -o /dev/null -w '%{http_code}' -X POST "$SIM_URL/platform/classic/environment-api/v2/logs/ingest" \
    -H "Authorization: Bearer $1" -H 'Content-Type: application/json' --data '[{"content":"e2e"}]'
}
pt_wait_refused() { # pt_wait_refused TOKEN [SECONDS]: waits until the token stops working; prints the status
  local status="" i
  for i in $(seq 1 $(( ${2:-30} * 2 ))); do
    status="$(pt_ingest_status "$1")"
    [[ "$status" == 401 || "$status" == 403 ]] && break
    sleep 0.5
  done
  printf '%s\n' "$status"
}

e2e_platform() {
  local m=dynatrace-platform env_id account_uuid p_config out pt pt_lease pt_token pt_id now exp_before exp_after
  env_id="$(dvb_json_get "$SIM_JSON" environment_id)"; account_uuid="$(dvb_json_get "$SIM_JSON" account_uuid)"
  e2e_mount "$m"
  bao write "$m/config" environment_url="$SIM_URL" auth_mode=api_token api_token="$SIM_API_TOKEN" \
    account_uuid="$account_uuid" account_client_id="$(dvb_json_get "$SIM_JSON" account_client_id)" \
    account_client_secret="$(dvb_json_get "$SIM_JSON" account_client_secret)" account_api_url="$SIM_URL" \
    environment_id="$env_id" sso_url="$(dvb_json_get "$SIM_JSON" sso_url)" \
    allow_http_loopback=true sidecar_url="$SIDECAR_URL" sidecar_ca_pem=@"$CERTS_DIR/ca.pem" \
    sidecar_client_cert_pem=@"$CERTS_DIR/plugin.pem" sidecar_client_key_pem=@"$CERTS_DIR/plugin-key.pem" >/dev/null
  p_config="$(bao read -format=json "$m/config")"
  check "platform: config read hides the account client secret" "no" \
    "$([[ "$p_config" == *"$(dvb_json_get "$SIM_JSON" account_client_secret)"* ]] && echo yes || echo no)"
  contains "platform: config read shows the account secret's fingerprint" 'account_client_secret_fingerprint' "$p_config"
  contains "platform: config verification read the account's per-owner limits" 'MAX_PLATFORM_TOKENS_PER_SERVICE_USER' "$p_config"

  out="$(bao write "$m/roles/bad" token_type=platform scopes=logs.ingest 2>&1 || true)"
  contains "platform: a classic scope on a platform role is refused with its platform equivalent" 'storage:logs:write' "$out"
  out="$(bao write "$m/roles/bad" scopes=storage:logs:read 2>&1 || true)"
  contains "platform: a platform scope on a classic role is refused, naming token_type" 'token_type=platform' "$out"

  bao write "$m/roles/logs" token_type=platform scopes=storage:logs:write,settings:objects:read \
    ttl=2m max_ttl=30m >/dev/null
  # The per-owner cap is refused before Dynatrace is asked. The cap is set before this mount's
  # first mint, so the sidecar's first read of the limits already sees it.
  local held cap creates_before creates_after capped1 capped2
  held="$(pt_account_api GET '/limits' | python3 -c '
import json, sys
print(max(l["currentValue"] for l in json.load(sys.stdin)["items"] if l["limitType"] != "MAX_PLATFORM_TOKENS_PER_ACCOUNT"))')"
  cap=$((held + 1))
  curl -s -o /dev/null -X POST "$SIM_URL/_sim/account-limits" -H 'Content-Type: application/json' \
    --data "{\"per_user\":$cap,\"per_service_user\":$cap}"
  capped1="$(bao read -format=json "$m/creds/logs")"; e2e_secret "$(jget "$capped1" 'd["data"]["token"]')"
  creates_before="$(curl -s "$SIM_URL/_sim/state" | python3 -c 'import json,sys; print(json.load(sys.stdin)["counters"]["account_creates"])')"
  out="$(bao read "$m/creds/logs" 2>&1 || true)"
  creates_after="$(curl -s "$SIM_URL/_sim/state" | python3 -c 'import json,sys; print(json.load(sys.stdin)["counters"]["account_creates"])')"
  contains "cap: a mint over the per-owner cap is refused naming the cap" "is $cap" "$out"
  contains "cap: the refusal says what to do" 'tidy' "$out"
  check "cap: the refused mint never reached Dynatrace" "$creates_before" "$creates_after"
  curl -s -o /dev/null -X POST "$SIM_URL/_sim/account-limits" -H 'Content-Type: application/json' \
    --data '{"per_user":50,"per_service_user":100}'
  bao lease revoke "$(jget "$capped1" 'd["lease_id"]')" >/dev/null
  check "cap: the capped lease's token is deleted on revoke" "401" "$(pt_wait_refused "$(jget "$capped1" 'd["data"]["token"]')")"

  pt="$(bao read -format=json "$m/creds/logs")"
  pt_lease="$(jget "$pt" 'd["lease_id"]')"; pt_token="$(jget "$pt" 'd["data"]["token"]')"
  pt_id="$(jget "$pt" 'd["data"]["token_id"]')"; e2e_secret "$pt_token"
  check "platform: creds answer token_type platform" "platform" "$(jget "$pt" 'd["data"]["token_type"]')"
  check "platform: the token is a dt0s16 platform token" "dt0s16." "${pt_token:0:7}"
  check "platform: token_id is its public part" "$pt_id" "$(cut -d. -f1-2 <<<"$pt_token")"
  check "platform: the minted token works as Bearer (log ingest)" "204" "$(pt_ingest_status "$pt_token")"
  check "platform: the token reads settings (its second scope)" "200" "$(curl -s -o /dev/null -w '%{http_code}' \
    -H "Authorization: Bearer $pt_token" "$SIM_URL/platform/classic/environment-api/v2/settings/objects")"
  check "platform: a scope the role lacks is refused (metrics ingest)" "403" "$(curl -s -o /dev/null -w '%{http_code}' \
    -X POST -H "Authorization: Bearer $pt_token" -H 'Content-Type: text/plain' --data 'm 1' \
    "$SIM_URL/platform/classic/environment-api/v2/metrics/ingest")"
  contains "platform: the token is restricted to this environment" "urn:dtenvironment:$env_id" "$(pt_state "$pt_id")"
  contains "platform: the token's tags name the role" 'vault-role:logs' "$(pt_state "$pt_id")"
  now="$(date +%s)"; exp_before="$(pt_expiry_epoch "$pt_id")"
  check "platform: the Dynatrace expiry follows the lease (2m + skew, not the 30m hard end)" "yes" \
    "$( (( exp_before > now + 100 && exp_before < now + 300 )) && echo yes || echo no)"

  bao lease renew -increment=10m "$pt_lease" >/dev/null
  exp_after="$(pt_expiry_epoch "$pt_id")"
  check "platform: a renewal moved the Dynatrace expiry with the lease (about 10m + skew)" "yes" \
    "$( (( exp_after > now + 550 && exp_after < now + 800 )) && echo yes || echo no)"
  bao lease revoke "$pt_lease" >/dev/null
  check "platform: revoking the lease deleted the token (refused)" "401" "$(pt_wait_refused "$pt_token")"
  check "platform: the revoked token is gone from the account's list" "{}" "$(pt_state "$pt_id")"

  # Lease expiry by the server's expiration manager deletes the token too.
  bao write "$m/roles/pshort" token_type=platform scopes=storage:logs:write ttl=3s max_ttl=6s >/dev/null
  local short short_token short_id
  short="$(bao read -format=json "$m/creds/pshort")"; short_token="$(jget "$short" 'd["data"]["token"]')"
  e2e_secret "$short_token"; short_id="$(jget "$short" 'd["data"]["token_id"]')"
  check "platform: short-lived token works" "204" "$(pt_ingest_status "$short_token")"
  check "platform: the expired lease deleted the token" "401" "$(pt_wait_refused "$short_token" 40)"

  # Phase 3: classic creation is refused with the advice; the platform role on the same mount works.
  bao write "$m/roles/classic" scopes=logs.ingest ttl=1m >/dev/null
  curl -s -o /dev/null -X POST "$SIM_URL/_sim/phase3" -H 'Content-Type: application/json' --data '{"enabled":true}'
  out="$(bao read "$m/creds/classic" 2>&1 || true)"
  contains "phase 3: a classic role is refused as no longer allowed" 'no longer allows creating classic' "$out"
  contains "phase 3: the refusal says how to switch the role" 'token_type=platform' "$out"
  contains "phase 3: the refusal is a 400" 'Code: 400' "$out"
  local p3 p3_token
  p3="$(bao read -format=json "$m/creds/logs")"; p3_token="$(jget "$p3" 'd["data"]["token"]')"; e2e_secret "$p3_token"
  check "phase 3: a platform role on the same mount works" "204" "$(pt_ingest_status "$p3_token")"
  bao write "$m/config" tidy_interval=0 >/dev/null
  contains "phase 3: config verification reports classic creation as disabled" '"classic_token_creation": "disabled"' \
    "$(bao read -format=json "$m/config")"
  bao lease revoke "$(jget "$p3" 'd["lease_id"]')" >/dev/null
  curl -s -o /dev/null -X POST "$SIM_URL/_sim/phase3" -H 'Content-Type: application/json' --data '{"enabled":false}'

  # Tidy deletes an orphaned and an expired platform token with the mount's prefix.
  local prefix orphan expired soon tidy
  prefix="$(jget "$(bao read -format=json "$m/config")" 'd["data"]["token_name_prefix"]')"
  orphan="$(pt_account_api POST /platform-tokens "{\"name\":\"${prefix}made-by-hand\",\"scope\":[\"storage:logs:write\"],\"resource\":[\"urn:dtenvironment:$env_id\"],\"expirationDate\":\"2099-01-01T00:00:00.000Z\"}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["tokenId"])')"
  soon="$(python3 -c 'import datetime; print((datetime.datetime.now(datetime.timezone.utc)+datetime.timedelta(seconds=5)).strftime("%Y-%m-%dT%H:%M:%S.000Z"))')"
  expired="$(pt_account_api POST /platform-tokens "{\"name\":\"${prefix}expired\",\"scope\":[\"storage:logs:write\"],\"resource\":[\"urn:dtenvironment:$env_id\"],\"expirationDate\":\"$soon\"}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["tokenId"])')"
  for _ in $(seq 1 40); do (( $(date +%s) > $(pt_expiry_epoch "$expired") )) && break; sleep 0.5; done
  contains "tidy: Dynatrace still lists the expired token (as ACTIVE)" 'ACTIVE' "$(pt_state "$expired")"
  tidy="$(bao write -format=json -f "$m/tidy")"
  check "tidy: the orphaned platform token is deleted" "{}" "$(pt_state "$orphan")"
  check "tidy: the expired platform token is deleted" "{}" "$(pt_state "$expired")"
  check "tidy: the report counts the expired platform token" "1" "$(jget "$tidy" 'd["data"]["expired_deleted"]')"

  bao secrets disable "$m" >/dev/null
  e2e_check_story "log: the platform token minted, renewed (expiry moved), revoked" "minted renewed revoked" "$pt_id"
  e2e_check_story "log: the short platform token revoked at lease expiry" "minted revoked" "$short_id"
  e2e_check_story "log: tidy swept the orphaned and the expired platform token" "swept swept" "$orphan" "$expired"
  local exported
  exported="$(e2e_export)"
  check "log: the platform token's entries say token_type platform" "platform" "$(python3 -c '
import json, sys
print(" ".join(sorted({json.loads(l).get("token_type", "-") for l in open(sys.argv[1]) if l.strip() and json.loads(l).get("token_id") == sys.argv[2]})))' "$exported" "$pt_id")"
  contains "log: the renewal records the moved expiry" "token expiry moved to" \
    "$(java -jar "$DVB_JAR" lease-log show --export "$exported" --token-id "$pt_id" --json 2>/dev/null)"
}
