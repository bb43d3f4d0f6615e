# Sourced by the other scripts: paths and the list of addons, in
# dependency order.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
ADDONS=()
for a in salon_crm salon_booking salon_membership salon_stock_ext \
        salon_reports; do
    [ -f "$ROOT/addons/$a/tryton.cfg" ] && ADDONS+=("$a")
done
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
