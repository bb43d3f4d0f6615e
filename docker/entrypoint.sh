#!/bin/sh
# Container entry point: dispatch on the first argument.
#   server (default)  the web/RPC server (trytond)
#   cron              scheduled actions (trytond-cron)
#   worker            asynchronous task queue (trytond-worker)
#   admin ARGS...     trytond-admin on $DB_NAME, e.g. "admin --all"
#   anything else     executed as is (e.g. "trytond-console -d salon", "sh")
set -e

CONFIG="${TRYTOND_CONFIG:-/etc/trytond.conf}"
cmd="${1:-server}"
[ $# -gt 0 ] && shift

case "$cmd" in
    server)
        # Preload the database's pool when DB_NAME is set.
        exec trytond -c "$CONFIG" ${DB_NAME:+-d "$DB_NAME"} "$@"
        ;;
    cron)
        exec trytond-cron -c "$CONFIG" -d "${DB_NAME:?DB_NAME is not set}" "$@"
        ;;
    worker)
        exec trytond-worker -c "$CONFIG" -d "${DB_NAME:?DB_NAME is not set}" "$@"
        ;;
    admin)
        exec trytond-admin -c "$CONFIG" -d "${DB_NAME:?DB_NAME is not set}" "$@"
        ;;
    *)
        exec "$cmd" "$@"
        ;;
esac
