#!/usr/bin/env bash
# CI stage: a slice of the suite on a Citus cluster, a coordinator on 127.0.0.1:5433 and two
# workers: what Citus changes (provisioning, distribution, moves, migrations, sequences and
# numbering, locks, search, tenant archives, isolation) plus one feature of each kind.
#   .ci/citus.sh            the slice
#   .ci/citus.sh FILES…     these test files instead (.ci/citus.sh tests/ for the whole suite) Citus is built from ../shared/citus (beside the clone or above it; override
# with GORILLA_CITUS_DIR). A cluster that was already running is used and left running; one this
# script starts is stopped again, also when the suite fails. The suite empties the database
# GORILLA_CITUS_TEST_DB (default test).
set -euo pipefail
cd "$(dirname "$0")/.."

SLICE=(
  tests/test_citus_cluster.py
  tests/test_citus_provisioning.py
  tests/test_tenant_distributable.py
  tests/test_isolation.py
  tests/test_migrations.py
  tests/test_migrate_in_bulk.py
  tests/test_cli_tenants.py
  tests/test_tenant_lifecycle.py
  tests/test_concurrent_writes.py
  tests/test_concurrent_estimates.py
  tests/test_signup.py
  tests/test_customers.py
  tests/test_contacts_new.py
  tests/test_search.py
  tests/test_invoices.py
  tests/test_estimates.py
  tests/test_tickets.py
  tests/test_api_resources.py
  tests/test_mail_send.py
)
if [ "$#" -gt 0 ]; then SLICE=("$@"); fi

citus=${GORILLA_CITUS_DIR:-}
if [[ -z $citus ]]; then
  dir=$(pwd)
  while [[ $dir != / ]]; do
    dir=$(dirname "$dir")
    if [[ -f $dir/shared/citus/install.sh ]]; then citus=$dir/shared/citus; break; fi
  done
fi
if [[ -z $citus || ! -f $citus/install.sh || ! -f $citus/cluster.sh ]]; then
  echo "citus: no shared/citus/install.sh above $(pwd) (set GORILLA_CITUS_DIR)" >&2
  exit 1
fi

bash "$citus/install.sh"
if [[ $(bash "$citus/cluster.sh" status) != *"coord: running"* ]]; then
  trap 'bash "$citus/cluster.sh" stop' EXIT
fi
db=${GORILLA_CITUS_TEST_DB:-test}
bash "$citus/cluster.sh" start
bash "$citus/cluster.sh" adddb "$db" >/dev/null
GORILLA_TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:5433/$db" ./test.sh -q -m "not browser" "${SLICE[@]}"
