#!/usr/bin/env sh
# Install Gorilla into .venv, create the demo tenant and serve it on http://demo.localhost:5000/
set -eu
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
.venv/bin/gorilla db upgrade
.venv/bin/gorilla tenants migrate
.venv/bin/gorilla demo
exec .venv/bin/gorilla run --host 127.0.0.1 --port "${PORT:-5000}"
