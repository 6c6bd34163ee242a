#!/usr/bin/env bash
# Lease log benchmark: appends per second and verify time per 100k entries, file store and
# PostgreSQL store side by side on this machine (a throwaway PostgreSQL is started and removed),
# with their ratio. Usage: scripts/bench-lease-log.sh [ENTRIES]   (default 20000)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$DVB_ROOT/scripts/lib/postgres.sh"
trap dvb_stop_postgres EXIT
entries="${1:-20000}"
dvb_build_jar
dvb_start_postgres
java -jar "$DVB_JAR" lease-log bench --entries "$entries" --postgres-url "$DVB_TEST_PG_URL"
