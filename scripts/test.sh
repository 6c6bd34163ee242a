#!/usr/bin/env bash
# Every test tier, in order; stops at the first red tier.
#   1. unit      — mvn package (JUnit 5, seeded JUnit 5 parameterized property tests, Vert.x JUnit 5;
#                  the tests tagged "containers" are excluded here and run in tier 6;
#                  the lease log's PostgreSQL tests use the throwaway server started below)
#   2. conformance — src/test/go drives the plugin through HashiCorp go-plugin + vault/sdk
#   3. e2e       — a real OpenBao dev server runs the CLI flow against the simulator
#   4. agent     — `vault agent` / `bao agent` with vault-config/agent/ renders, renews and re-reads a token
#   5. ha        — scripts/ha-e2e.sh: a three-node Raft cluster with TLS: seal/unseal, restart, kill -9 of
#                  the plugin, parent-token cascade, leader failover (prints the failover time)
#   6. containers — scripts/containers.sh: images on a local Debian base, Testcontainers' VaultContainer
#                  flow, and docker-compose.yml brought up for real (Vault, replicas sharing a PostgreSQL
#                  lease log); needs a Docker engine (started there when none answers and it runs as root)
# Needs: Java 17, Maven, Go, python3, curl, PostgreSQL (Debian's package; started here, throwaway). The OpenBao binary is built once by scripts/openbao.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
tiers_passed=0; tiers_failed=0
tier() {
  local name="$1"; shift
  echo "=== tier: $name"
  if "$@"; then tiers_passed=$((tiers_passed+1)); echo "=== tier $name: PASS"
  else tiers_failed=$((tiers_failed+1)); echo "=== tier $name: FAIL"; echo "tiers: $tiers_passed passed, $tiers_failed failed"; exit 1; fi
}
# The unit tier's lease-log database tests need a real PostgreSQL: a throwaway one from Debian's package.
source "$root/scripts/lib/common.sh"
source "$root/scripts/lib/postgres.sh"
trap dvb_stop_postgres EXIT
dvb_start_postgres
tier unit mvn -B -Dstyle.color=never package
tier conformance "$root/scripts/conformance.sh"
tier e2e "$root/scripts/e2e.sh"
tier agent "$root/scripts/agent-e2e.sh"
tier ha "$root/scripts/ha-e2e.sh"
tier containers "$root/scripts/containers.sh"
echo "tiers: $tiers_passed passed, $tiers_failed failed"
