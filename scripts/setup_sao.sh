#!/usr/bin/env bash
# Install the sao web client (tryton-sao@8.0.11) and its runtime modules
# into .sao/ (ignored by git).
source "$(dirname "$0")/env.sh"
SAO_VERSION=8.0.11
SAO="$ROOT/.sao/node_modules/tryton-sao"
if [ -f "$SAO/.salon-ready" ]; then
    exit 0
fi
say "Installing tryton-sao@$SAO_VERSION from npm"
mkdir -p "$ROOT/.sao"
[ -f "$ROOT/.sao/package.json" ] || echo '{"private": true}' \
    > "$ROOT/.sao/package.json"
npm install --prefix "$ROOT/.sao" --no-audit --no-fund --loglevel=error \
    "tryton-sao@$SAO_VERSION"
say "Installing sao runtime modules"
(cd "$SAO" && npm install --omit=dev --legacy-peer-deps --no-audit \
    --no-fund --loglevel=error)
touch "$SAO/.salon-ready"
