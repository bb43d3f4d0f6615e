#!/usr/bin/env bash
# make bench: run every bench/*.py with its defaults on PostgreSQL and
# print the ratios each one measured against its in-run baseline.
# BENCH_DATABASE_URI (default postgresql://postgres@127.0.0.1:5432/) picks
# the server; BENCH_ARGS is passed to every benchmark (e.g. --reuse).
source "$(dirname "$0")/env.sh"
export PATH="$VENV/bin:$PATH"
export PYTHONPATH="$ROOT/scripts${PYTHONPATH:+:$PYTHONPATH}"
export TRYTOND_CONFIG="$ROOT/tests/trytond-test.conf"
export BENCH_DATABASE_URI="${BENCH_DATABASE_URI:-postgresql://postgres@127.0.0.1:5432/}"
export TRYTOND_DATABASE_URI="$BENCH_DATABASE_URI"
"$PY" "$ROOT/scripts/pg_check.py" "$BENCH_DATABASE_URI" || {
    echo "PostgreSQL is not reachable at $BENCH_DATABASE_URI" >&2; exit 1; }
read -r -a extra <<< "${BENCH_ARGS:-}"
summary=()
status=0
for bench in "$ROOT"/bench/*.py; do
    name="bench/$(basename "$bench")"
    say "$name"
    log=$(mktemp)
    if "$PY" "$bench" "${extra[@]}" 2>&1 | tee "$log"; then
        ratio=$(grep '^RATIO' "$log" || echo "RATIO: none printed")
        summary+=("$name: ${ratio#RATIO }")
    else
        summary+=("$name: FAILED")
        status=1
    fi
    rm -f "$log"
done
say "Ratios"
printf '%s\n' "${summary[@]}"
exit $status
