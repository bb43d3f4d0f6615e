#!/usr/bin/env bash
# make demo [demo-reset]: build the demo database once (SQLite, .demo/),
# then serve it with sao on http://127.0.0.1:8000/.
#   scripts/demo.sh           reuse .demo/salon.sqlite when it exists
#   scripts/demo.sh --reset   build it again from scratch
# Options for the generator go through DEMO_ARGS, e.g.
#   DEMO_ARGS="--clients 500 --months 3" make demo-reset
source "$(dirname "$0")/env.sh"
cd "$ROOT"
DEMO_STARTED="${DEMO_STARTED:-$(date +%s)}"
"$ROOT/scripts/setup_venv.sh"
"$ROOT/scripts/setup_sao.sh"
DB=salon
DEMO_DIR="$ROOT/.demo"
# trytond.conf holds paths relative to the repository root, which trytond
# does not resolve (SQLite wants an absolute file URI) and which the
# environment cannot override (the file wins): a second file, read after
# it, makes them absolute.
mkdir -p "$DEMO_DIR"
cat > "$DEMO_DIR/paths.conf" <<EOF
[database]
path = $DEMO_DIR
[web]
root = $ROOT/.sao/tryton-sao
EOF
CONF=("$ROOT/trytond.conf" "$DEMO_DIR/paths.conf")
DB_FILE="$DEMO_DIR/$DB.sqlite"
STAMP="$DEMO_DIR/$DB.sources"
URL="http://127.0.0.1:8000/"
export PATH="$VENV/bin:$PATH"

reset=false
case "${1:-}" in
    --reset) reset=true ;;
    "") ;;
    *) echo "usage: $0 [--reset]" >&2; exit 2 ;;
esac

# The addons' sources the database was built or updated with: a change
# (a new field, view or access rule) needs trytond-admin -u to reach it.
sources_hash() {
    find "${ADDONS[@]/#/addons/}" -type f \( -name '*.py' -o -name '*.xml' \
        -o -name '*.cfg' -o -name '*.po' -o -name '*.fodt' \) \
        -not -path '*/tests/*' -print0 | sort -z | xargs -0 cat \
        | sha1sum | cut -c1-16
}

admin() {
    # TRYTONPASSFILE gives the admin password to a new database.
    local passfile
    passfile=$(mktemp)
    echo admin > "$passfile"
    TRYTONPASSFILE="$passfile" trytond-admin -c "${CONF[@]}" "$@" \
        || { rm -f "$passfile"; return 1; }
    rm -f "$passfile"
}

if $reset; then
    rm -f "$DB_FILE" "$STAMP"
fi
if [ ! -f "$DB_FILE" ]; then
    started=$SECONDS
    # Build under another name and move it in place at the end: an
    # interrupted build never leaves a half-made demo behind.
    build="${DB}_build"
    rm -f "$DEMO_DIR/$build.sqlite"
    touch "$DEMO_DIR/$build.sqlite"
    say "Activating ${ADDONS[*]} and their dependencies (about a minute)"
    admin -d "$build" -u "${ADDONS[@]}" --activate-dependencies \
        -l zh_CN --email admin@example.com
    say "Generating the demo data (seeded; a few minutes)"
    # -O: trytond asserts on every id of a batch when it instantiates
    # records, which makes big batches quadratic.
    "$PY" -O -W ignore::DeprecationWarning "$ROOT/scripts/demo_data.py" \
        -c "${CONF[@]}" -d "$build" ${DEMO_ARGS:-}
    mv "$DEMO_DIR/$build.sqlite" "$DB_FILE"
    sources_hash > "$STAMP"
    say "Demo database built in $((SECONDS - started))s"
elif [ "$(cat "$STAMP" 2>/dev/null)" != "$(sources_hash)" ]; then
    say "The addons changed since the demo was built: updating them"
    admin -d "$DB" -u "${ADDONS[@]}" --activate-dependencies
    sources_hash > "$STAMP"
fi

cat <<EOF

  Salon demo: $URL   (database "$DB", SQLite file .demo/$DB.sqlite)

  Role                       Login         Password
  ------------------------   -----------   -------------------
  Administrator              admin         admin
  HQ (all stores)            hq            demo-hq
  Store manager  西湖店 XH    manager_xh    demo-manager_xh
  Store manager  滨江店 BJ    manager_bj    demo-manager_bj
  Store manager  萧山店 XS    manager_xs    demo-manager_xs
  Cashier        西湖店 XH    cashier_xh    demo-cashier_xh
  Cashier        滨江店 BJ    cashier_bj    demo-cashier_bj
  Cashier        萧山店 XS    cashier_xs    demo-cashier_xs
  Stylist        西湖店 XH    stylist_xh1   demo-stylist_xh1
  Stylist        滨江店 BJ    stylist_bj1   demo-stylist_bj1
  Stylist        萧山店 XS    stylist_xs1   demo-stylist_xs1
  Accountant                 accountant    demo-accountant

  make demo-reset rebuilds the data from scratch.  Ctrl-C stops the server.

EOF
say "Starting trytond on $URL"
# Tell how long a newcomer waited, once the URL answers (with the load of
# this machine, which the time depends on).
"$PY" - "$URL" "$DEMO_STARTED" <<'PYEOF' &
import os, sys, time, urllib.request
url, started = sys.argv[1], int(sys.argv[2])
deadline = time.monotonic() + 300
while time.monotonic() < deadline:
    try:
        urllib.request.urlopen(url, timeout=5).read(1)
        break
    except OSError:
        time.sleep(0.5)
else:
    sys.exit(0)
print("\033[1m==> make demo reached %s in %d s (load average %.2f %.2f "
    "%.2f, %d cores)\033[0m" % (
        url, time.time() - started, *os.getloadavg(), os.cpu_count()),
    flush=True)
PYEOF
exec trytond -c "${CONF[@]}" -d "$DB"
