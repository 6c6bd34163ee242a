# The e2e tier's scenarios about mounts and minter credentials (sourced by scripts/e2e.sh):
# multiplexing, the auth modes (a refused credential, OAuth, platform token), rotate-root.

# The plugin processes of this run (other runs on the machine have their own $work), one pid a line.
e2e_plugin_pids() { { pgrep -f -- "$work/.*dynatrace-vault-bridge.jar plugin" || true; } | sort; }

# Multiplexing: a second mount is served by the same plugin process, fully isolated.
e2e_multiplex() {
  local a=dynatrace-multiplex b=dynatrace-multiplex-b before
  # No mount of ours exists now, so a plugin process still listed is on its way out; it must not count.
  before="$(e2e_plugin_pids)"
  e2e_mount "$a"
  e2e_configure "$a"
  bao write "$a/roles/ci" scopes=metrics.read,logs.ingest ttl=10m max_ttl=1h >/dev/null
  e2e_mount "$b"
  check "second mount starts unconfigured" "yes" "$(bao read "$b/config" >/dev/null 2>&1 && echo no || echo yes)"
  check "second mount does not see the first mount's roles" "yes" "$(bao read "$b/roles/ci" >/dev/null 2>&1 && echo no || echo yes)"
  for _ in $(seq 1 60); do
    [[ -z "$(comm -12 <(printf '%s\n' "$before") <(e2e_plugin_pids) | grep -v '^$' || true)" ]] && break
    sleep 0.25
  done
  check "both mounts share one plugin process" "1" "$(e2e_plugin_pids | grep -c . || true)"
  bao secrets disable "$b" >/dev/null
  bao secrets disable "$a" >/dev/null
}

# The auth modes on one mount: a bad credential is refused on write; OAuth client credentials; a
# platform token as the minter.
e2e_auth() {
  local m=dynatrace-auth bad_token out oauth_creds b_config pt_creds
  e2e_mount "$m"
  # A bad credential is refused on write with Dynatrace's reason (live verification).
  bad_token="$(dvb_json_get "$SIM_JSON" api_token_id).$(python3 -c 'print("X"*64)')"
  out="$(bao write "$m/config" environment_url="$SIM_URL" auth_mode=api_token api_token="$bad_token" \
    allow_http_loopback=true sidecar_url="$SIDECAR_URL" sidecar_ca_pem=@"$CERTS_DIR/ca.pem" \
    sidecar_client_cert_pem=@"$CERTS_DIR/plugin.pem" sidecar_client_key_pem=@"$CERTS_DIR/plugin-key.pem" 2>&1 || true)"
  contains "bad credential refused with Dynatrace's reason" 'Authentication failed' "$out"

  # OAuth client credentials: SSO grant, then Bearer on the platform proxy.
  bao write "$m/config" environment_url="$SIM_URL" auth_mode=oauth \
    oauth_client_id="$(dvb_json_get "$SIM_JSON" oauth_client_id)" \
    oauth_client_secret="$(dvb_json_get "$SIM_JSON" oauth_client_secret)" \
    oauth_resource="$(dvb_json_get "$SIM_JSON" oauth_resource)" sso_url="$(dvb_json_get "$SIM_JSON" sso_url)" \
    allow_http_loopback=true sidecar_url="$SIDECAR_URL" sidecar_ca_pem=@"$CERTS_DIR/ca.pem" \
    sidecar_client_cert_pem=@"$CERTS_DIR/plugin.pem" sidecar_client_key_pem=@"$CERTS_DIR/plugin-key.pem" >/dev/null
  bao write "$m/roles/app" scopes=logs.ingest ttl=5m >/dev/null
  e2e_mint_use_revoke "oauth-minted" "$m/creds/app"; oauth_creds="$E2E_CREDS"

  # Platform token on the same mount (partial update: only the mode and its credential change):
  # the dt0s16 token itself is the Bearer on the platform proxy, no SSO.
  bao write "$m/config" auth_mode=platform_token platform_token="$SIM_PLATFORM_TOKEN" >/dev/null
  b_config="$(bao read -format=json "$m/config")"
  check "config read hides the platform token" "no" "$([[ "$b_config" == *"$SIM_PLATFORM_TOKEN"* ]] && echo yes || echo no)"
  contains "config read shows the platform token fingerprint" 'platform_token_fingerprint' "$b_config"
  e2e_mint_use_revoke "platform-token-minted" "$m/creds/app"; pt_creds="$E2E_CREDS"
  out="$(bao write "$m/config" platform_token="$SIM_API_TOKEN" 2>&1 || true)"
  contains "a platform_token that is not one is refused by name" 'platform_token' "$out"
  e2e_check_story "auth: log: the oauth- and the platform-token-minted tokens minted, revoked" "minted revoked minted revoked" \
    "$(jget "$oauth_creds" 'd["data"]["token_id"]')" "$(jget "$pt_creds" 'd["data"]["token_id"]')"
  bao secrets disable "$m" >/dev/null
}

# rotate-root: a new minter token replaces the old one, which is deleted with the new one. The
# mount's minter is its own token, made here with $SIM_API_TOKEN (which every other scenario needs)
# and the scopes the simulator asks of a minter: apiTokens.read (list, get) and apiTokens.write
# (create, delete).
e2e_rotate_root() {
  local m=dynatrace-rotate-root minter_json minter minter_id rot new_id rot_creds rot_token
  minter_json="$(sim_api -X POST "$SIM_URL/api/v2/apiTokens" \
    --data '{"name":"e2e-rotate-root-minter","scopes":["apiTokens.read","apiTokens.write"]}')"
  minter="$(jget "$minter_json" 'd["token"]')"; minter_id="$(jget "$minter_json" 'd["id"]')"
  e2e_secret "$minter"
  check "rotate-root: the scenario's own minter token authenticates" "200" "$(dvb_token_status "$minter")"
  e2e_ci_mount "$m" "$minter"

  rot="$(bao write -format=json -f "$m/rotate-root")"
  new_id="$(jget "$rot" 'd["data"]["new_token_id"]')"
  contains "rotate-root names the new minter token" "vault-root-" "$(jget "$rot" 'd["data"]["new_token_name"]')"
  check "rotate-root replaced the scenario's minter token" "$minter_id" "$(jget "$rot" 'd["data"]["old_token_id"]')"
  check "rotate-root deleted the old minter token" "401" "$(dvb_token_status "$minter")"
  check "rotate-root: the run's own minter token still authenticates" "200" "$(dvb_token_status "$SIM_API_TOKEN")"
  rot_creds="$(bao read -format=json "$m/creds/ci")"
  rot_token="$(jget "$rot_creds" 'd["data"]["token"]')"
  e2e_secret "$rot_token"
  check "mints work with the new minter token" "200" "$(dvb_token_status "$rot_token")"
  bao lease revoke "$(jget "$rot_creds" 'd["lease_id"]')" >/dev/null
  check "revokes work with the new minter token" "401" "$(dvb_wait_token_gone "$rot_token")"
  e2e_check_story "rotate-root: log: the old minter token is recorded as rotated_root" "rotated_root" "$minter_id"
  contains "log: the root rotation is recorded" "rotated_root" \
    "$(java -jar "$DVB_JAR" lease-log show --export "$(e2e_export)" --json 2>/dev/null)"
  bao secrets disable "$m" >/dev/null
  # The new minter outlives the mount (Vault never deletes a mount's credential): delete it here.
  check "rotate-root: the new minter token is deleted at the end" "204" \
    "$(sim_api -o /dev/null -w '%{http_code}' -X DELETE "$SIM_URL/api/v2/apiTokens/$new_id")"
}
