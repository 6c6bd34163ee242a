# The e2e tier's cross-cutting scenario (sourced by scripts/e2e.sh), last in a full run: the lease
# log verifies and extends every checkpoint kept during the run, and no secret any scenario of the
# run saw is in the lease log or in any log file. It mints, renews and revokes a token of its own
# first, so that run alone it checks something real.
e2e_logs() {
  local m=dynatrace-logs creds lease token token_id out final earliest cp bad secret log_leaks leaks where
  e2e_ci_mount "$m"
  creds="$(bao read -format=json "$m/creds/ci")"
  lease="$(jget "$creds" 'd["lease_id"]')"; token="$(jget "$creds" 'd["data"]["token"]')"
  token_id="$(jget "$creds" 'd["data"]["token_id"]')"
  e2e_secret "$token"
  # The lease log through Vault: the pinned public key, an early checkpoint, the mount's export.
  bao read -field=verifier_key "$m/lease-log/public-key" >"$work/lease-log.pub"
  mkdir -p "$work/checkpoints"
  bao read -field=checkpoint "$m/lease-log/checkpoint" \
    >"$work/checkpoints/$(printf '%03d' "$(find "$work/checkpoints" -name '*.txt' | wc -l)")-logs-early.txt"
  bao lease renew -increment=30m "$lease" >/dev/null
  bao lease revoke "$lease" >/dev/null
  check "logs: the scenario's token is deleted on revoke" "401" "$(dvb_wait_token_gone "$token")"
  e2e_check_story "logs: log: the scenario's token minted, renewed, revoked" "minted renewed revoked" "$token_id"
  bao read -field=export "$m/lease-log/export" >"$work/export-vault.jsonl"
  out="$(java -jar "$DVB_JAR" lease-log verify --export "$work/export-vault.jsonl" --public-key "$work/lease-log.pub" 2>&1 || true)"
  contains "the lease log exported through Vault verifies" "OK lease log verified" "$out"
  bao secrets disable "$m" >/dev/null

  # Every lease's life is in the log: the final export (the whole log, from the sidecar to the
  # operator's certificate) verifies and is consistent with the earliest checkpoint of the run
  # (the first scenario's when several ran) and with each later one.
  final="$work/export-final.jsonl"
  dvb_operator_curl /v1/lease-log/export >"$final"
  earliest="$(find "$work/checkpoints" -name '*.txt' | sort | head -n 1)"
  out="$(java -jar "$DVB_JAR" lease-log verify --export "$final" --public-key "$work/lease-log.pub" \
    --trusted-checkpoint "$earliest" 2>&1 || true)"
  contains "the final lease log verifies and extends the earlier checkpoint" "OK lease log verified" "$out"
  bad=""
  for cp in $(find "$work/checkpoints" -name '*.txt' | sort | tail -n +2); do
    out="$(java -jar "$DVB_JAR" lease-log verify --export "$final" --public-key "$work/lease-log.pub" \
      --trusted-checkpoint "$cp" 2>&1 || true)"
    [[ "$out" == *"OK lease log verified"* ]] || bad+="$(basename "$cp") "
  done
  check "logs: the final lease log extends every later checkpoint of the run" "" "$bad"

  check "no malformed write made the server log an existence-check error" "0" \
    "$(grep -c 'failed to run existence check' "$work/server.log" || true)"
  # Every secret the scenarios of this run saw, and the run's credentials (e2e_secret, scripts/e2e.sh).
  log_leaks=0
  if grep -qF -f "$work/secrets.txt" "$final"; then
    while IFS= read -r secret; do
      if grep -qF -- "$secret" "$final"; then log_leaks=$((log_leaks+1)); fi
    done < <(sort -u "$work/secrets.txt")
  fi
  check "no token value or credential in the lease log" "0" "$log_leaks"
  check "logs: the leak checks have the run's credentials and this scenario's token to look for" "yes" \
    "$( (( $(sort -u "$work/secrets.txt" | wc -l) >= 5 )) && echo yes || echo no)"

  # Secrets never leave their lane: no token value or credential in the server (plugin) or sidecar
  # logs, or any other log the run wrote (simulator, certs).
  leaks=0
  if grep -rqF --include='*.log' -f "$work/secrets.txt" "$work"; then
    while IFS= read -r secret; do
      if where="$(grep -rlF --include='*.log' -- "$secret" "$work")"; then
        leaks=$((leaks+1)); echo "leak: a secret is in $(head -n 1 <<<"$where")"
      fi
    done < <(sort -u "$work/secrets.txt")
  fi
  check "no token or credential in any log of the run" "0" "$leaks"
  check "no token-shaped secret in any log of the run" "0" "$(dvb_scan_logs "$work")"
}
