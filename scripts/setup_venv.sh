#!/usr/bin/env bash
# Create .venv with the pinned stack and the addons (editable). Idempotent:
# reinstalls only when requirements or an addon's packaging changed.
source "$(dirname "$0")/env.sh"
PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
stamp="$VENV/.salon-stamp"
want=$(cat "$ROOT/requirements.txt" "$ROOT"/addons/*/pyproject.toml \
    "$ROOT"/addons/*/tryton.cfg 2>/dev/null | sha1sum | cut -c1-16)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    exit 0
fi
if [ ! -x "$PY" ]; then
    say "Creating virtualenv .venv with $PYTHON"
    "$PYTHON" -m venv "$VENV"
fi
say "Installing the pinned Tryton 8.0 stack (pip)"
"$PY" -m pip install -q --upgrade pip
"$PY" -m pip install -q -r "$ROOT/requirements.txt"
say "Installing the salon addons (editable): ${ADDONS[*]}"
args=()
for a in "${ADDONS[@]}"; do args+=(-e "$ROOT/addons/$a"); done
"$PY" -m pip install -q --no-build-isolation "${args[@]}"
# An editable wheel only puts the addon folder on sys.path; Tryton imports
# trytond.modules.<name>, so link each addon into that package.
modules=$("$PY" -c 'import trytond.modules, os; print(os.path.dirname(trytond.modules.__file__))')
for a in "${ADDONS[@]}"; do
    ln -sfn "$ROOT/addons/$a" "$modules/$a"
done
echo "$want" > "$stamp"
