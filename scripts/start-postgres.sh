#!/usr/bin/env bash
# Starts a throwaway PostgreSQL for the store's contract tests and prints one line:
#   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:PORT/binance_mcp_test
# Usage: scripts/start-postgres.sh [start|stop|url]
# Uses Debian's server binaries (apt-get install -y postgresql). The cluster lives in
# $PG_TEST_DIR (default $TMPDIR/binance-mcp-pg), listens on 127.0.0.1 only, trusts local
# connections, and trades durability for speed (fsync off): it is for tests, never for data.
# Running it again while the server is up only prints the URL again. Progress goes to stderr.
set -euo pipefail

action="${1:-start}"
dir="${PG_TEST_DIR:-${TMPDIR:-/tmp}/binance-mcp-pg}"
data="$dir/data"
database="binance_mcp_test"

say() { echo "start-postgres: $*" >&2; }

bin_dir() {
  local found
  found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [[ -z "$found" || ! -x "$found/initdb" ]]; then
    found="$(dirname "$(command -v initdb 2>/dev/null || true)")"
  fi
  if [[ -z "$found" || ! -x "$found/initdb" ]]; then
    say "PostgreSQL server binaries not found; install them with: apt-get install -y postgresql"
    exit 1
  fi
  echo "$found"
}

# As root, the cluster is owned by and run as the postgres user; otherwise as whoever runs this.
as_owner() {
  if [[ "$(id -u)" == "0" ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

url_of() { echo "postgres://postgres@127.0.0.1:$(cat "$dir/port")/$database"; }

running() { [[ -f "$dir/port" && -d "$data" ]] && as_owner "$BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; }

BIN="$(bin_dir)"

case "$action" in
  start)
    if running; then
      echo "TEST_DATABASE_URL=$(url_of)"
      exit 0
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    if [[ "$(id -u)" == "0" ]]; then chown postgres: "$dir"; fi
    as_owner "$BIN/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    port="$(free_port)"
    echo "$port" >"$dir/port"
    say "starting PostgreSQL ($BIN) on 127.0.0.1:$port in $data"
    as_owner "$BIN/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >&2 || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres "$database"
    echo "TEST_DATABASE_URL=$(url_of)"
    ;;
  url)
    running || { say "not running"; exit 1; }
    echo "TEST_DATABASE_URL=$(url_of)"
    ;;
  stop)
    if running; then
      as_owner "$BIN/pg_ctl" -D "$data" -m fast -w stop >&2
    fi
    rm -rf "$dir"
    say "stopped"
    ;;
  *)
    say "usage: $0 [start|stop|url]"
    exit 2
    ;;
esac
