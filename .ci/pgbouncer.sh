#!/usr/bin/env bash
# CI stage: a slice of the suite through PgBouncer in transaction-pooling mode.
#   .ci/pgbouncer.sh            install PgBouncer if missing, start a private instance on
#                               127.0.0.1:${PGBOUNCER_PORT:-6432} in front of 127.0.0.1:5432,
#                               run the slice against database ${PGBOUNCER_DB:-test_pgbouncer}
#                               (and its alias pool_of_one with a single server connection,
#                               for tests/test_pgbouncer.py) and stop the instance again.
#   .ci/pgbouncer.sh FILES…    the same with these test files instead of the slice.
# PostgreSQL must already run on 127.0.0.1:5432 (trust auth), as .ci/run leaves it.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PGBOUNCER_PORT:-6432}"
DB="${PGBOUNCER_DB:-test_pgbouncer}"
SLICE=(
  tests/test_pgbouncer.py
  tests/test_isolation.py
  tests/test_concurrent_writes.py
  tests/test_staff_auth.py
  tests/test_portal_auth.py
  tests/test_customers.py
  tests/test_contacts_new.py
  tests/test_cli_tenants.py
  tests/test_signup.py
  tests/test_mail_send.py
  tests/test_migrations.py
  tests/test_observability.py
)

if [ "$#" -gt 0 ]; then SLICE=("$@"); fi

if ! command -v pgbouncer >/dev/null 2>&1 && [ ! -x /usr/sbin/pgbouncer ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer >/dev/null
fi
PGBOUNCER="$(command -v pgbouncer || echo /usr/sbin/pgbouncer)"

if ! psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$DB'" | grep -q 1; then
  createdb -h 127.0.0.1 -U postgres "$DB"
fi

if pg_isready -q -h 127.0.0.1 -p "$PORT"; then
  echo "something already listens on 127.0.0.1:$PORT (set PGBOUNCER_PORT)" >&2
  exit 1
fi

RUN_DIR="$(mktemp -d)"
chmod 755 "$RUN_DIR"
cat >"$RUN_DIR/pgbouncer.ini" <<INI
[databases]
* = host=127.0.0.1 port=5432
pool_of_one = host=127.0.0.1 port=5432 dbname=$DB pool_size=1

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PORT
unix_socket_dir =
auth_type = trust
auth_file = $RUN_DIR/userlist.txt
pool_mode = transaction
default_pool_size = 20
max_client_conn = 500
server_reset_query =
ignore_startup_parameters = extra_float_digits,options
logfile = $RUN_DIR/pgbouncer.log
pidfile = $RUN_DIR/pgbouncer.pid
INI
echo '"postgres" ""' >"$RUN_DIR/userlist.txt"
# PgBouncer refuses to run as root: run it as the owner of the config (postgres if present).
OWNER=root
if id postgres >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  OWNER=postgres
  chown -R postgres "$RUN_DIR"
fi
stop() {
  if [ -f "$RUN_DIR/pgbouncer.pid" ]; then kill "$(cat "$RUN_DIR/pgbouncer.pid")" 2>/dev/null || true; fi
  rm -rf "$RUN_DIR"
}
trap stop EXIT
if [ "$OWNER" = root ]; then
  "$PGBOUNCER" -d "$RUN_DIR/pgbouncer.ini"
else
  su -s /bin/sh "$OWNER" -c "$PGBOUNCER -d $RUN_DIR/pgbouncer.ini"
fi
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p "$PORT" -d "$DB" && break; sleep 1; done

echo "== PostgreSQL through PgBouncer (transaction pooling, port $PORT) =="
GORILLA_TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$PORT/$DB" \
GORILLA_TEST_PGBOUNCER_URL="postgresql+psycopg://postgres@127.0.0.1:$PORT/pool_of_one" \
  ./test.sh -q "${SLICE[@]}"
