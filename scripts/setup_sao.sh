#!/usr/bin/env bash
# Install the sao web client (tryton-sao@8.0.11) with its runtime modules
# into .sao/tryton-sao (the [web] root), and playwright-core for the browser
# tests into .sao/tools (both ignored by git).
#
# sao is unpacked on its own, not under another node_modules: its
# index.html loads node_modules/<dep>/ relative to itself, so its runtime
# dependencies must be installed inside its folder, never hoisted.
source "$(dirname "$0")/env.sh"
SAO_VERSION=8.0.11
SAO="$ROOT/.sao/tryton-sao"
TOOLS="$ROOT/.sao/tools"
# sao asks for these optional files at every start: a missing one is a
# console error (trytond answers 405) that the browser tests refuse.
site_files() {
    [ -f "$SAO/custom.js" ] || echo "/* site customisation */" > "$SAO/custom.js"
    [ -f "$SAO/custom.css" ] || echo "/* site customisation */" > "$SAO/custom.css"
    # English is sao's source language: it ships no catalog for it.
    for lang in en en_US; do
        [ -f "$SAO/locale/$lang.json" ] || \
            echo '{"": {"content-type": "text/plain; charset=utf-8"}}' \
            > "$SAO/locale/$lang.json"
    done
}
if [ -f "$SAO/.salon-ready" ] \
        && [ -d "$TOOLS/node_modules/playwright-core" ]; then
    site_files
    exit 0
fi
npm_() { npm --no-audit --no-fund --loglevel=error "$@"; }
if [ ! -f "$SAO/.salon-ready" ]; then
    say "Installing tryton-sao@$SAO_VERSION from npm"
    rm -rf "$SAO" "$ROOT/.sao/pack"
    mkdir -p "$ROOT/.sao/pack"
    (cd "$ROOT/.sao/pack" && npm_ pack "tryton-sao@$SAO_VERSION" >/dev/null \
        && tar xzf tryton-sao-*.tgz && mv package "$SAO")
    rm -rf "$ROOT/.sao/pack"
    say "Installing sao runtime modules"
    # npm resolves the devDependencies even with --omit=dev: a tool of
    # sao's own tests that the registry lacks a version of fails the
    # install (seen: @babel/generator@^7.29.15), so they are dropped first.
    (cd "$SAO" && node -e '
        const fs = require("fs");
        const p = JSON.parse(fs.readFileSync("package.json"));
        delete p.devDependencies;
        fs.writeFileSync("package.json", JSON.stringify(p, null, 2));' \
        && npm_ install --omit=dev --legacy-peer-deps)
    for dep in jquery bootstrap moment; do
        [ -d "$SAO/node_modules/$dep" ] || {
            echo "sao runtime module $dep missing" >&2; exit 1; }
    done
    touch "$SAO/.salon-ready"
fi
site_files
say "Installing playwright-core (browser tests drive Debian's chromium)"
mkdir -p "$TOOLS"
[ -f "$TOOLS/package.json" ] || echo '{"private": true}' > "$TOOLS/package.json"
npm_ install --prefix "$TOOLS" "playwright-core@1"
