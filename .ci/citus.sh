#!/usr/bin/env bash
# CI stage: the whole suite but its browser tests on a Citus cluster, a coordinator on
# 127.0.0.1:5433 and two workers (tests reuse emptied tenant schemas there: tests/tenant_pool.py).
#   .ci/citus.sh            the whole suite
#   .ci/citus.sh FILES…     these test files instead
# Citus is built from ../shared/citus (beside the clone or above it; override
# with GORILLA_CITUS_DIR). A cluster that was already running is used and left running; one this
# script starts is stopped again, also when the suite fails. The suite empties the database
# GORILLA_CITUS_TEST_DB (default test).
set -euo pipefail
cd "$(dirname "$0")/.."

TESTS=(tests/)
if [ "$#" -gt 0 ]; then TESTS=("$@"); fi

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
GORILLA_TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:5433/$db" ./test.sh -q -m "not browser" "${TESTS[@]}"
