#!/usr/bin/env bash
# The whole test suite, as CI runs it: SQLite, then a throwaway PostgreSQL cluster.
# Installs what it needs (virtualenv, PostgreSQL and Chromium from Debian) and cleans up.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"

apt_updated=0
need_deb() {  # need_deb COMMAND-PATH-GLOB PACKAGE...
  local glob="$1"; shift
  if ! compgen -G "$glob" > /dev/null; then
    if [ "$(id -u)" != "0" ]; then echo "missing $*; install it (needs root)" >&2; exit 1; fi
    if [ $apt_updated = 0 ]; then apt-get update -qq; apt_updated=1; fi
    echo "==> installing $* from Debian"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" > /dev/null
  fi
}

need_deb "/usr/lib/postgresql/*/bin/initdb" postgresql
need_deb "/usr/bin/redis-server" redis-server
if [ -d tests/browser ]; then
  need_deb "/usr/bin/chromium" chromium
fi

PG_BIN="$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n1)")"
PG_DIR="$(mktemp -d /tmp/sn-pg.XXXXXX)"
PG_PORT="$(python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
as_pg() { if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
REDIS_PORT="$(python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
cleanup() {
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop > /dev/null 2>&1 || true
  [ -f "$PG_DIR/redis.pid" ] && kill "$(cat "$PG_DIR/redis.pid")" 2> /dev/null || true
  rm -rf "$PG_DIR"
}
trap cleanup EXIT
[ "$(id -u)" = "0" ] && chown postgres "$PG_DIR"
echo "==> starting a throwaway PostgreSQL on port $PG_PORT"
as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 > "$PG_DIR/initdb.log"
as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
  -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start > /dev/null
as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres sn_test
as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres sn_migrations
export TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/sn_migrations"
# Shared by the app processes of tests/scale (sessions and rate limits across processes); no persistence.
echo "==> starting a throwaway Redis on port $REDIS_PORT"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
  --pidfile "$PG_DIR/redis.pid" --logfile "$PG_DIR/redis.log" --dir "$PG_DIR" > /dev/null
export TEST_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"

run_pytest() {  # exit 5 (no tests collected) is a failure here, never a pass
  local status=0
  python -m pytest "$@" || status=$?
  if [ $status = 5 ]; then echo "pytest collected no tests" >&2; return 1; fi
  return $status
}

echo "==> test suite on SQLite"
run_pytest -q "$@"
echo "==> test suite on PostgreSQL"
TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/sn_test" run_pytest -q -m "not browser" "$@"
echo "==> all tests passed on SQLite and PostgreSQL"
