#!/usr/bin/env bash
# Quick developer run: scripts/t.sh [pytest args] (SQLite, cached db).
source "$(dirname "$0")/env.sh"
export PYTHONPATH="$ROOT/scripts" TRYTOND_CONFIG="$ROOT/tests/trytond-test.conf"
export TRYTOND_DATABASE_URI="${TRYTOND_DATABASE_URI:-sqlite://}" DB_NAME="${DB_NAME:-:memory:}"
export DB_CACHE="${DB_CACHE-$ROOT/.cache/dev-db}"
exec "$PY" -m pytest -p pytest_tryton -q "$@"
