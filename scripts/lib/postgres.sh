# A throwaway PostgreSQL server (Debian's package) for the lease log's database tests.
# Source it after common.sh. dvb_start_postgres starts one on a free loopback port and exports
# DVB_TEST_PG_URL; dvb_stop_postgres stops it and removes its files.

DVB_PG_DIR=""
DVB_PG_AS=()

dvb_pg_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [[ -x "$d/initdb" && -x "$d/pg_ctl" ]] && { printf '%s\n' "$d"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(readlink -f "$(command -v initdb)")"; return 0; }
  return 1
}

dvb_start_postgres() {
  local bindir port
  bindir="$(dvb_pg_bindir)" || dvb_die "PostgreSQL is not installed (Debian: apt-get install postgresql)"
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  DVB_PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/dvb-pg.XXXXXX")"
  DVB_PG_AS=()
  if [[ "$(id -u)" == 0 ]]; then  # the server refuses to run as root
    id postgres >/dev/null 2>&1 || dvb_die "running as root needs the 'postgres' user (Debian's postgresql package creates it)"
    chown postgres "$DVB_PG_DIR"
    DVB_PG_AS=(runuser -u postgres --)
  fi
  "${DVB_PG_AS[@]}" "$bindir/initdb" -D "$DVB_PG_DIR/data" -U dvb --auth=trust -E UTF8 >"$DVB_PG_DIR/initdb.log" 2>&1 \
    || dvb_die "initdb failed (log: $DVB_PG_DIR/initdb.log)"
  "${DVB_PG_AS[@]}" "$bindir/pg_ctl" -D "$DVB_PG_DIR/data" -l "$DVB_PG_DIR/server.log" -w -t 60 \
    -o "-p $port -k $DVB_PG_DIR -c listen_addresses=127.0.0.1" start >/dev/null \
    || dvb_die "PostgreSQL did not start (log: $DVB_PG_DIR/server.log)"
  DVB_PG_BINDIR="$bindir"
  "$bindir/createdb" -h 127.0.0.1 -p "$port" -U dvb dvb_test || dvb_die "createdb failed"
  export DVB_TEST_PG_URL="jdbc:postgresql://127.0.0.1:$port/dvb_test?user=dvb"
  dvb_log "PostgreSQL ${bindir%/bin} on 127.0.0.1:$port (database dvb_test)"
}

dvb_stop_postgres() {
  [[ -n "$DVB_PG_DIR" && -d "$DVB_PG_DIR/data" ]] || return 0
  "${DVB_PG_AS[@]}" "$DVB_PG_BINDIR/pg_ctl" -D "$DVB_PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$DVB_PG_DIR"
  DVB_PG_DIR=""
}
