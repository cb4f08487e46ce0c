#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server: initdb into a temporary
# folder (as the postgres user when run as root, since initdb refuses root),
# trust authentication, a free port on 127.0.0.1, stopped and deleted when
# the command ends. The command sees COPLAN_TEST_POSTGRES_URL.
#
# If COPLAN_TEST_POSTGRES_URL is already set, the command simply runs with it.
#
# The server runs with fsync=off, which is right for tests and wrong for
# measuring durable writes: PG_FSYNC=on keeps PostgreSQL's default, as
# BENCHMARKS.md's PostgreSQL figures are taken
# (PG_FSYNC=on scripts/with-postgres.sh sh -c 'coplan bench submit --database-url "$COPLAN_TEST_POSTGRES_URL"').
set -euo pipefail

if [ -n "${COPLAN_TEST_POSTGRES_URL:-}" ]; then
  exec "$@"
fi

bindir=""
for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && bindir="$d"; done
if [ -z "$bindir" ] && command -v initdb >/dev/null; then bindir=$(dirname "$(command -v initdb)"); fi
if [ -z "$bindir" ]; then
  echo "with-postgres: PostgreSQL's initdb was not found; install postgresql (Debian: apt-get install postgresql)" >&2
  if [ -n "${CI:-}" ]; then exit 1; fi
  exec "$@"
fi

dir=$(mktemp -d /tmp/coplan-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || echo 55432)
as=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$dir"
  as=(runuser -u postgres --)
fi

cleanup() {
  "${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

"${as[@]}" "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust --no-sync -E UTF8 >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
"${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=${PG_FSYNC:-off} -c max_connections=300" start >/dev/null ||
  { cat "$dir/server.log" >&2; exit 1; }

export COPLAN_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
echo "with-postgres: throwaway PostgreSQL on port $port, fsync=${PG_FSYNC:-off}" >&2
set +e
"$@"
status=$?
exit $status
