#!/usr/bin/env sh
# Install Gorilla with its test dependencies into .venv and run the whole test suite.
# Set GORILLA_TEST_DATABASE_URL=postgresql+psycopg://… to run it on PostgreSQL.
set -eu
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[test]"
exec .venv/bin/python -m pytest "$@"
