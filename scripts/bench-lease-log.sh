#!/usr/bin/env bash
# Lease log benchmark, file store and PostgreSQL store side by side on this machine (a throwaway
# PostgreSQL is started and removed): appends per second with one appender and with concurrent
# ones (group commit), then on a large log the time to reopen it, verify its export (per 1M
# entries) and answer inclusion and consistency proofs at its size, with ratios.
# Usage: scripts/bench-lease-log.sh [LARGE [ENTRIES [APPENDERS]]]   (defaults 1000000 4000 8)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$DVB_ROOT/scripts/lib/postgres.sh"
trap dvb_stop_postgres EXIT
large="${1:-1000000}"
entries="${2:-4000}"
appenders="${3:-8}"
dvb_build_jar
dvb_start_postgres
java -jar "$DVB_JAR" lease-log bench --large "$large" --entries "$entries" --appenders "$appenders" \
  --postgres-url "$DVB_TEST_PG_URL"
