#!/usr/bin/env sh
# Install Gorilla with its test dependencies into .venv and run the whole test suite.
# Set GORILLA_TEST_DATABASE_URL=postgresql+psycopg://… to run it on PostgreSQL.
# The install is skipped while pyproject.toml and setup.cfg are unchanged since the last one
# (the package is installed editable, so code changes need no reinstall).
set -eu
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
wanted="$(cat pyproject.toml setup.cfg | cksum)"
if [ "$(cat .venv/.gorilla-installed 2>/dev/null)" != "$wanted" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[test]"
  echo "$wanted" >.venv/.gorilla-installed
fi
exec .venv/bin/python -m pytest "$@"
