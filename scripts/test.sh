#!/usr/bin/env bash
# make test: pytest over every addon's tests (unit + scenarios) and tests/.
# SQLite by default; the URI in TRYTOND_DATABASE_URI when set; with
# CI=true, SQLite and then PostgreSQL (which must be reachable).
source "$(dirname "$0")/env.sh"
"$ROOT/scripts/setup_venv.sh"
export PATH="$VENV/bin:$PATH"
export PYTHONPATH="$ROOT/scripts${PYTHONPATH:+:$PYTHONPATH}"
export TRYTOND_CONFIG="$ROOT/tests/trytond-test.conf"
PG_URI_DEFAULT="postgresql://postgres@127.0.0.1:5432/"
# The database cache is keyed by the addons' sources so a change in a
# model or a view never restores a stale database.
src_hash=$(cd "$ROOT" && find addons -type f \( -name '*.py' -o \
    -name '*.xml' -o -name '*.cfg' -o -name '*.po' -o -name '*.fodt' \) \
    -not -path '*/tests/*' -print0 | sort -z | xargs -0 cat | sha1sum \
    | cut -c1-12)

pytest_targets() {
    for a in "${ADDONS[@]}"; do
        printf '%s\n' "trytond.modules.$a.tests"
    done
}

run_suite() {
    local uri="$1" label="$2"
    shift 2
    say "Tests on $label"
    export TRYTOND_DATABASE_URI="$uri"
    if [[ "$uri" == postgresql* ]]; then
        export DB_NAME="test_salon_$$"
        export DB_CACHE="postgresql://"
        local mark="$ROOT/.cache/pg-cache-hash"
        mkdir -p "$ROOT/.cache"
        if [ "$(cat "$mark" 2>/dev/null)" != "$src_hash" ]; then
            # Template databases from older sources are stale.
            "$PY" "$ROOT/scripts/pg_drop_test_dbs.py" "$uri"
            echo "$src_hash" > "$mark"
        fi
    else
        export DB_NAME=":memory:"
        export DB_CACHE="$ROOT/.cache/db-$src_hash"
    fi
    local targets
    mapfile -t targets < <(pytest_targets)
    (cd "$ROOT" && "$PY" -m pytest -p pytest_tryton -q -ra --durations=20 \
        --pyargs "${targets[@]}" "$ROOT/tests" "$@")
}

if [ "${CI:-}" = "true" ]; then
    "$PY" "$ROOT/scripts/pg_check.py" "${PG_TEST_URI:-$PG_URI_DEFAULT}" || {
        echo "PostgreSQL is not reachable: CI needs it" >&2; exit 1; }
    # The two passes run side by side: each keeps one core busy at most
    # (one pytest process; PostgreSQL works while it waits), so the suite
    # takes about the time of the longer one.  Each pass prints its output
    # when it ends; both must pass.
    logs=$(mktemp -d)
    trap 'rm -rf "$logs"' EXIT
    ( run_suite "sqlite://" "SQLite" "$@" ) > "$logs/sqlite" 2>&1 &
    sqlite_pid=$!
    ( run_suite "${PG_TEST_URI:-$PG_URI_DEFAULT}" "PostgreSQL" "$@" ) \
        > "$logs/postgresql" 2>&1 &
    pg_pid=$!
    status=0
    say "SQLite and PostgreSQL passes started side by side"
    wait "$sqlite_pid" || status=1
    cat "$logs/sqlite"
    wait "$pg_pid" || status=1
    cat "$logs/postgresql"
    if [ "$status" != 0 ]; then
        say "FAILED: see the pass above that did not end in passed"
    fi
    exit "$status"
elif [ -n "${TRYTOND_DATABASE_URI:-}" ]; then
    run_suite "$TRYTOND_DATABASE_URI" "$TRYTOND_DATABASE_URI" "$@"
else
    run_suite "sqlite://" "SQLite" "$@"
fi
