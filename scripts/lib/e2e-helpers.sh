# Helpers of the e2e tier's scenarios (sourced by scripts/e2e.sh, which provides $work, check,
# contains, jget, bao (the server's CLI) and the running stack). Each scenario enables its own
# mount(s) with e2e_mount, disables them at its end, records the secrets it saw with e2e_secret
# (the `logs` scenario looks for them in every log) and checks its tokens' stories in the lease
# log with e2e_check_story.

# Calls the simulator's token API as the minter (an operator acting behind Vault's back).
sim_api() { curl -s -H "Authorization: Api-Token $SIM_API_TOKEN" -H 'Content-Type: application/json' "$@"; }
# Status of GET apiTokens/ID at the simulator (200 = the token exists, 404 = gone).
sim_token_exists() { sim_api -o /dev/null -w '%{http_code}' "$SIM_URL/api/v2/apiTokens/$1"; }
# One field of the simulator's state (_sim/state), as a Python expression over it: sim_state 'd["fault"]["mode"]'.
sim_state() { curl -s "$SIM_URL/_sim/state" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"; }
# Sorted ids of the simulator's tokens whose names start with PREFIX.
prefixed_ids() {
  sim_api "$SIM_URL/api/v2/apiTokens?pageSize=10000" | python3 -c '
import json, sys
p = sys.argv[1]
print("\n".join(sorted(t["id"] for t in json.load(sys.stdin)["apiTokens"] if t.get("name", "").startswith(p))))' "$1"
}

# e2e_mount PATH [secrets-enable flags...]: mounts the registered plugin at PATH.
e2e_mount() {
  local path="$1"; shift
  bao secrets enable -path="$path" -plugin-version="$E2E_PLUGIN_VERSION" "$@" dynatrace >/dev/null
}

# e2e_configure MOUNT [API_TOKEN]: api_token mode against the simulator (default minter: $SIM_API_TOKEN)
# through the sidecar with the plugin's client certificate.
e2e_configure() {
  bao write "$1/config" environment_url="$SIM_URL" auth_mode=api_token api_token="${2:-$SIM_API_TOKEN}" \
    allow_http_loopback=true sidecar_url="$SIDECAR_URL" sidecar_ca_pem=@"$CERTS_DIR/ca.pem" \
    sidecar_client_cert_pem=@"$CERTS_DIR/plugin.pem" sidecar_client_key_pem=@"$CERTS_DIR/plugin-key.pem" >/dev/null
}

# e2e_ci_mount MOUNT [API_TOKEN]: e2e_mount + e2e_configure + the usual role ci (two scopes, 10m / 1h).
e2e_ci_mount() {
  e2e_mount "$1"
  e2e_configure "$@"
  bao write "$1/roles/ci" scopes=metrics.read,logs.ingest ttl=10m max_ttl=1h >/dev/null
}

# e2e_mint_use_revoke LABEL CREDS_PATH: mints, checks "LABEL token authenticates", revokes the lease
# and checks "LABEL token revoked" (gone upstream); the creds answer is left in E2E_CREDS.
e2e_mint_use_revoke() {
  local token
  E2E_CREDS="$(bao read -format=json "$2")"
  token="$(jget "$E2E_CREDS" 'd["data"]["token"]')"
  e2e_secret "$token"
  check "$1 token authenticates" "200" "$(dvb_token_status "$token")"
  bao lease revoke "$(jget "$E2E_CREDS" 'd["lease_id"]')" >/dev/null
  check "$1 token revoked" "401" "$(dvb_wait_token_gone "$token")"
}

# The unique token name prefix of MOUNT.
e2e_prefix() { jget "$(bao read -format=json "$1/config")" 'd["data"]["token_name_prefix"]'; }

# e2e_secret VALUE...: remembers secrets this run saw; `logs` checks that none is in any log.
e2e_secret() {
  local s
  for s in "$@"; do
    if [[ -n "$s" ]]; then printf '%s\n' "$s" >>"$work/secrets.txt"; fi
  done
}

# Exports the whole lease log (the sidecar's, to the operator's certificate); prints the file's path.
e2e_export() {
  local f="$work/export-${E2E_SCENARIO:-run}.jsonl"
  dvb_operator_curl /v1/lease-log/export >"$f" || true
  printf '%s\n' "$f"
}

# e2e_story EXPORT TOKEN_ID...: each token's event types in order; the tokens' stories joined by a space.
e2e_story() {
  local f="$1" id stories=(); shift
  for id in "$@"; do
    stories+=("$(java -jar "$DVB_JAR" lease-log show --export "$f" --token-id "$id" --json 2>/dev/null \
      | python3 -c 'import json,sys; print(" ".join(json.loads(l)["type"] for l in sys.stdin if l.strip()))')")
  done
  printf '%s\n' "${stories[*]}"
}

# e2e_check_story NAME EXPECTED TOKEN_ID...: the tokens' stories in the lease log. The sidecar appends
# an event once Dynatrace answered, so right after a token stops working its last event may not be
# written yet: the log is read again (bounded) until it holds the expected story.
e2e_check_story() {
  local name="$1" want="$2" got="" i; shift 2
  for i in $(seq 1 30); do
    got="$(e2e_story "$(e2e_export)" "$@")"
    [[ "$got" == "$want" ]] && break
    sleep 0.5
  done
  check "$name" "$want" "$got"
}

# e2e_lease_left LEASE_ID: prints "no" once Vault no longer knows the lease (bounded), else "yes".
e2e_lease_left() {
  local i
  for i in $(seq 1 40); do
    bao lease lookup "$1" >/dev/null 2>&1 || { echo no; return 0; }
    sleep 0.5
  done
  echo yes
}

# Keeps the lease log's current signed checkpoint (from the whole export; none while the log is
# empty) as $work/checkpoints/NNN-LABEL.txt, so `logs` can check the final log extends it.
e2e_keep_checkpoint() {
  local n
  mkdir -p "$work/checkpoints"
  n="$(find "$work/checkpoints" -name '*.txt' | wc -l)"
  dvb_operator_curl /v1/lease-log/export | python3 -c '
import json, sys
lines = [l for l in sys.stdin if l.strip()]
if len(lines) >= 2 and json.loads(lines[0]).get("size", 0) > 0:
    with open(sys.argv[1], "w") as f:
        f.write(json.loads(lines[-1])["checkpoint"])' "$work/checkpoints/$(printf '%03d' "$n")-$1.txt" || true
}

# The mounts of our plugin that exist now (their paths, space-separated; empty when none).
e2e_our_mounts() {
  bao secrets list -format=json | python3 -c '
import json, sys
print(" ".join(sorted(p for p, m in json.load(sys.stdin).items() if m.get("type") == "dynatrace")))'
}
