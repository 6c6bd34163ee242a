# The e2e tier's trust-boundary scenarios (sourced by scripts/e2e.sh). A mount with another client
# certificate is another principal at the sidecar: its own certificate, its own connection.

# The second principal's client certificate (mount-c), made once per run.
e2e_mount_c_cert() {
  if [[ ! -f "$CERTS_DIR/mount-c.pem" ]]; then
    java -jar "$DVB_JAR" certs --out "$CERTS_DIR" --client mount-c >"$work/certs-c.log" 2>&1
  fi
}

# With another certificate nothing can be done on a mount's connection; each refusal is recorded;
# through Vault the mount keeps working.
e2e_trust() {
  local m=dynatrace-trust prefix a_id a_creds a_token a_token_id conn lease_body a2 refused
  e2e_mount_c_cert
  e2e_ci_mount "$m"
  prefix="$(e2e_prefix "$m")"
  a_id="$(jget "$(bao read -format=json "$m/config")" 'd["data"]["connection_id"]')"
  a_creds="$(bao read -format=json "$m/creds/ci")"
  a_token="$(jget "$a_creds" 'd["data"]["token"]')"; a_token_id="$(jget "$a_creds" 'd["data"]["token_id"]')"
  e2e_secret "$a_token"
  as_c() { # as_c METHOD PATH [BODY]: status of a sidecar call made with mount C's certificate
    curl -s -o /dev/null -w '%{http_code}' -X "$1" --cacert "$CERTS_DIR/ca.pem" --cert "$CERTS_DIR/mount-c.pem" \
      --key "$CERTS_DIR/mount-c-key.pem" -H 'Content-Type: application/json' ${3:+--data "$3"} "$SIDECAR_URL$2"
  }
  conn="/v1/connections/$a_id"
  lease_body="{\"lease\":{\"mount\":\"$m/\",\"role\":\"ci\"},\"reason\":\"forged\"}"
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
  a2="$(bao read -format=json "$m/creds/ci")"; e2e_secret "$(jget "$a2" 'd["data"]["token"]')"
  check "the attacked mount keeps minting" "200" "$(dvb_token_status "$(jget "$a2" 'd["data"]["token"]')")"
  bao lease revoke "$(jget "$a2" 'd["lease_id"]')" >/dev/null
  bao lease revoke "$(jget "$a_creds" 'd["lease_id"]')" >/dev/null
  check "the attacked mount keeps revoking" "401" "$(dvb_wait_token_gone "$a_token")"

  # Each refusal on the mount's connection is in the lease log (read until all ten are there, bounded).
  for _ in $(seq 1 30); do
    refused="$(python3 -c '
import json, sys
n = 0
for l in open(sys.argv[1]):
    e = json.loads(l) if l.strip() else {}
    n += e.get("type") == "refused" and e.get("connection") == sys.argv[2]
print(n)' "$(e2e_export)" "$a_id")"
    [[ "$refused" == 10 ]] && break
    sleep 0.5
  done
  check "log: each of the 10 calls another certificate made on the mount's connection is recorded as refused" "10" "$refused"
  bao secrets disable "$m" >/dev/null
}

# A mount with its own certificate: the sidecar's policy, whatever the plugin asks (a scope, a host
# and a lifetime outside it); no credential leaves for a new host without being given again; a
# refused write changes nothing; CR/LF credentials and overflowing durations are 400s.
e2e_policy() {
  local m=dynatrace-policy c_config c_creds out c2 c2_token injected
  e2e_mount_c_cert
  e2e_mount "$m" -max-lease-ttl=2000h
  c_config=(environment_url="$SIM_URL" auth_mode=api_token api_token="$SIM_API_TOKEN" allow_http_loopback=true
    sidecar_url="$SIDECAR_URL" sidecar_ca_pem=@"$CERTS_DIR/ca.pem"
    sidecar_client_cert_pem=@"$CERTS_DIR/mount-c.pem" sidecar_client_key_pem=@"$CERTS_DIR/mount-c-key.pem")
  bao write "$m/config" "${c_config[@]}" >/dev/null
  bao write "$m/roles/app" scopes=logs.ingest ttl=5m max_ttl=1h >/dev/null
  c_creds="$(bao read -format=json "$m/creds/app")"; e2e_secret "$(jget "$c_creds" 'd["data"]["token"]')"
  check "mount C mints with its own certificate" "200" "$(dvb_token_status "$(jget "$c_creds" 'd["data"]["token"]')")"
  bao lease revoke "$(jget "$c_creds" 'd["lease_id"]')" >/dev/null

  # The sidecar's policy, whatever the plugin asks: a scope, a host and a lifetime outside it.
  bao write "$m/roles/minter-like" scopes=apiTokens.write ttl=5m >/dev/null
  out="$(bao read "$m/creds/minter-like" 2>&1 || true)"
  contains "policy refuses a token-management scope, naming the rule" 'management_scopes' "$out"
  bao write "$m/roles/forever" scopes=logs.ingest ttl=1h max_ttl=1000h >/dev/null
  out="$(bao read "$m/creds/forever" 2>&1 || true)"
  contains "policy refuses a lifetime beyond its maximum, naming the rule" 'max_token_lifetime' "$out"
  out="$(bao write "$m/config" environment_url=https://collector.attacker.example api_token="$SIM_API_TOKEN" 2>&1 || true)"
  contains "policy refuses a Dynatrace host nobody approved, naming the rule" 'allowed_hosts' "$out"

  # No credential leaves for a new host without being given again; a refused write changes nothing.
  out="$(bao write "$m/config" environment_url="http://localhost:${SIM_URL##*:}" 2>&1 || true)"
  contains "changing environment_url without the credential is refused, naming it" 'api_token' "$out"
  out="$(bao write "$m/config" api_token="$(dvb_json_get "$SIM_JSON" api_token_id).$(python3 -c 'print("Y"*64)')" 2>&1 || true)"
  contains "a bad credential is refused" 'refused' "$out"
  c2="$(bao read -format=json "$m/creds/app")"; c2_token="$(jget "$c2" 'd["data"]["token"]')"
  e2e_secret "$c2_token"
  check "after a refused write the old credential still mints" "200" "$(dvb_token_status "$c2_token")"
  bao lease revoke "$(jget "$c2" 'd["lease_id"]')" >/dev/null
  check "after a refused write the old credential still revokes" "401" "$(dvb_wait_token_gone "$c2_token")"
  injected="${SIM_API_TOKEN}"$'\r\n''X-Injected: 1'
  out="$(bao write "$m/config" api_token="$injected" 2>&1 || true)"
  contains "a credential with CR/LF is refused naming the field" 'api_token' "$out"
  check "the refusal does not echo the credential" "no" "$([[ "$out" == *"${SIM_API_TOKEN##*.}"* ]] && echo yes || echo no)"
  out="$(bao write "$m/rotate-root" ttl=9223372036854775807 2>&1 || true)"
  contains "an overflowing duration is a 400 naming the field" 'ttl' "$out"
  check "an overflowing duration is no server error" "no" "$([[ "$out" == *"Code: 500"* ]] && echo yes || echo no)"
  bao secrets disable "$m" >/dev/null
}
